package dev.vigil.limits.api;

import java.util.List;
import java.util.Optional;

/**
 * Failed authentication of any kind, limited before the credentials are checked, so that at most
 * the limit of failures is ever evaluated per key in a window — on one server or several. Keys are
 * a user at an address ({@code user:<name>|ip:<address>}), a key prefix, or an address, each under
 * policy {@code auth-failures} (100 an hour); and a user from anywhere ({@code account:<name>}),
 * under the much higher {@code auth-failures-account} (2,000 an hour), so that walling an account
 * from some addresses does not lock its owner out of their own (OWASP ASVS 2.2.1).
 */
public interface AuthenticationGuard {

    /** The prefix of a key counted under {@code auth-failures-account}. */
    String ACCOUNT = "account:";

    /**
     * Takes one attempt under each key before the credentials are checked: empty when the check may
     * go ahead, else the refusal — a key used up ({@code BLOCKED}), or the store unreachable (the
     * policies fail closed).
     */
    Optional<Decision> attempt(List<String> keys);

    /** The credentials were good (or could not be checked): the attempts taken are given back. */
    void release(List<String> keys);
}
