package dev.vigil.limits.api;

import java.util.List;
import java.util.Optional;

/**
 * Failed authentication, limited per key (policy {@code auth-failures}, 100 an hour): a client
 * address ({@code ip:<address>}), a user at an address ({@code user:<name>|ip:<address>}), an app
 * key prefix; and a user from anywhere ({@code account:<name>}) under the much higher
 * {@code auth-failures-account} (2,000 an hour), so that walling an account from some addresses
 * does not lock its owner out from their own (OWASP ASVS 2.2.1). Counts are kept exactly in the
 * shared store, not in leases, so that one given back is given back on every server.
 */
public interface AuthenticationGuard {

    /** The prefix of a key counted under {@code auth-failures-account}. */
    String ACCOUNT = "account:";

    /** Attempts counted before a check, given back if the credentials were good. */
    interface Counted {

        /** Why the check must not go ahead: a key used up, or the store unreachable (fail closed). */
        Optional<Decision> refusal();

        /** The credentials were good (or could not be checked): the attempts no longer count. */
        void giveBack();
    }

    /**
     * Counts an attempt under each key before an expensive check (a password hash), so at most the
     * limit of failures is ever checked per key and window, on one server or several. Keys are
     * taken in order and the first refused stops it (put the address first: a walled address then
     * writes nothing more).
     */
    Counted before(List<String> keys);

    /** Counts a failure of a cheap check (an app key) after it: the refusal if a key is now over. */
    Optional<Decision> failed(List<String> keys);

    /**
     * Whether this server already saw one of the keys refused by {@link #failed} in the current
     * window: a further failure under it is refused without counting it in the store again (a flood
     * of bad keys from a walled address costs no database round trip each). Costs nothing.
     */
    Optional<Decision> walled(List<String> keys);
}
