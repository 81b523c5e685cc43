package dev.vigil.kernel.api;

/**
 * The Jakarta security roles of Vigil's callers, as constants for {@code @RolesAllowed} and
 * {@code @RunAs} in every module. The identity module declares them to the container and maps
 * each caller to them: apps by API key carry {@link #APP}, users {@link #MEMBER} and
 * {@link #ADMIN} from their groups, and timers and internal work run as {@link #SYSTEM}.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String APP = "app";
    public static final String SYSTEM = "system";

    private Roles() {
    }
}
