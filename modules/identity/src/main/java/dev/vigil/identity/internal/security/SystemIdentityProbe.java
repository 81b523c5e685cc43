package dev.vigil.identity.internal.security;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Whether work that runs as the system identity is let through: every minute (a non-persistent
 * timer, as the timers and the pressure flush run), calls a method only the {@code system} role may
 * call, as {@code @RunAs("system")}, and leaves the answer in {@link SystemIdentityState} for
 * readiness. It is refused when server.xml's binding of the role (run-as user {@code vigil-system})
 * is missing or does not reach {@link SystemIdentityStore}: then every timer, the pressure flush and
 * every webhook delivery would be refused too.
 *
 * <p>Readiness reads the state and never calls a run-as bean itself: on the health endpoint's
 * thread the application's identity stores are out of reach, and Liberty would ask for a user
 * registry instead (CWWKS3005E).
 */
@Singleton
@Startup
@RunAs(Roles.SYSTEM)
public class SystemIdentityProbe {

    private static final Logger LOG = Logger.getLogger(SystemIdentityProbe.class.getName());
    private static final long EVERY_MILLIS = 60_000;

    @Resource
    TimerService timers;

    @Inject
    SystemOnly systemOnly;

    @Inject
    SystemIdentityState state;

    @PostConstruct
    void start() {
        timers.createIntervalTimer(1_000, EVERY_MILLIS, new TimerConfig("system-identity-probe", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void probe() {
        boolean works;
        try {
            works = systemOnly.confirm();
        } catch (EJBAccessException e) {
            works = false;
        }
        if (state.record(works) && !works) {
            LOG.severe(SystemIdentityState.PROBLEM);
        }
    }
}
