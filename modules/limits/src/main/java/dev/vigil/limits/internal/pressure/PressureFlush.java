package dev.vigil.limits.internal.pressure;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Flushes this server's counted rate-limit events every 5-second window: a non-persistent EJB
 * timer, so it runs on every server (each flushes its own memory) and needs no database to be
 * created, as the system identity that {@code LimitsData} requires of a writer.
 */
@Singleton
@Startup
@RunAs(Roles.SYSTEM)
public class PressureFlush {

    @Resource
    TimerService timers;

    @Inject
    PressureEvents events;

    @PostConstruct
    void start() {
        timers.createIntervalTimer(PressureEvents.BUCKET_MILLIS, PressureEvents.BUCKET_MILLIS,
                new TimerConfig("pressure-flush", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void flush() {
        events.flushQuietly();
    }
}
