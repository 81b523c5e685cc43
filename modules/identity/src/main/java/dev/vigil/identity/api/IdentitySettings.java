package dev.vigil.identity.api;

import java.util.List;

/** The identity module's settings ({@code vigil.auth.*}, {@code vigil.bootstrap.*}), as far as others need them. */
public interface IdentitySettings {

    /** Each wrong setting, naming its key; readiness is DOWN while there are any. */
    List<String> problems();
}
