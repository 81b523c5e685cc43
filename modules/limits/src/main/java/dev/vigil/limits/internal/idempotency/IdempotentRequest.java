package dev.vigil.limits.internal.idempotency;

import java.util.List;

/**
 * A request that carries a key nobody has used yet in its scope; handed from the filter to the
 * interceptor. Its fingerprints: the one to store first, then any a key rotation still accepts.
 */
record IdempotentRequest(String scope, String key, List<String> fingerprints) {

    static final String ATTRIBUTE = IdempotentRequest.class.getName();

    /** The fingerprint stored with the key. */
    String fingerprint() {
        return fingerprints.get(0);
    }
}
