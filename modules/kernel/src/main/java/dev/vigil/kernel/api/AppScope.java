package dev.vigil.kernel.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose app-owned rows a read may see: one app's (an app's own request), or every app's (members,
 * admins, and the system's exports and digests). Every read of reports and groups starts from one
 * ({@link AppRows}); there is no way to build such a query without it.
 */
public record AppScope(Optional<String> appId) {

    /** Members, admins and the system's own work. */
    public static final AppScope EVERY_APP = new AppScope(Optional.empty());

    public AppScope {
        Objects.requireNonNull(appId, "appId");
    }

    public static AppScope app(String appId) {
        return new AppScope(Optional.of(appId));
    }

    /** The scope of a request's caller: an app sees its own rows, a user every app's, nobody none. */
    public static AppScope of(Caller caller) {
        if (caller.isApp()) {
            return app(caller.appId().orElseThrow());
        }
        if (caller.isUser()) {
            return EVERY_APP;
        }
        throw new VigilException(ErrorCode.UNAUTHORIZED, "Credentials are required");
    }
}
