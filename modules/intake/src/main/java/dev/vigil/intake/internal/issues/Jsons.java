package dev.vigil.intake.internal.issues;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. Every {@code Json.createXxx} call looks the provider up
 * again through the service loader, which on Liberty walks the class loaders for resources: it
 * was about a tenth of the CPU an issue report cost (JFR), with ~30 builders per report.
 */
final class Jsons {

    static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }
}
