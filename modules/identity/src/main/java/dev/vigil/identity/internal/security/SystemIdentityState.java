package dev.vigil.identity.internal.security;

import jakarta.enterprise.context.ApplicationScoped;

/** The last answer of {@link SystemIdentityProbe}: unknown until it has run. */
@ApplicationScoped
public class SystemIdentityState {

    public static final String PROBLEM = "The system identity is refused: server.xml must bind the role 'system'"
            + " with run-as user 'vigil-system' (<webApplication id=\"vigil\"> <application-bnd>); timers, the"
            + " rate-limit event flush and webhook deliveries run as it";

    private volatile Boolean works;

    /** Records an answer; true when it differs from the last one. */
    boolean record(boolean answer) {
        Boolean last = works;
        works = answer;
        return last == null || last != answer;
    }

    /** True only once the probe has run and been refused. */
    public boolean refused() {
        return Boolean.FALSE.equals(works);
    }
}
