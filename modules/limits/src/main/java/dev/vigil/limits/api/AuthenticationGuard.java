package dev.vigil.limits.api;

import java.util.List;
import java.util.Optional;

/**
 * Failed authentication of any kind, limited per user, per key prefix and per client address
 * (policy {@code auth-failures}). Only failures are counted; once a key is over, every attempt for
 * it gets 429 until the window passes, successful or not.
 */
public interface AuthenticationGuard {

    /** The blocking decision if any of these keys has used up its failures; checked before the credentials. */
    Optional<Decision> blocked(List<String> keys);

    /** Counts one failure against each key. */
    void failed(List<String> keys);
}
