package dev.vigil.identity.internal.apps;

import java.time.Instant;
import java.util.List;

/** What the admin API shows of apps and keys; secrets appear only in the answers that create them. */
public final class AppViews {

    private AppViews() {
    }

    public record CreatedApp(String id, String name, String apiKey) {
    }

    public record IssuedKey(String keyId, String apiKey) {
    }

    public record KeyView(String keyId, String prefix, Instant createdAt, Instant revokedAt) {

        static KeyView of(AppKey key) {
            return new KeyView(key.id(), ApiKey.SCHEME + key.prefix(), key.createdAt(), key.revokedAt().orElse(null));
        }
    }

    public record AppView(String id, String name, Instant createdAt, List<KeyView> keys) {
    }
}
