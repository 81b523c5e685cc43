package dev.vigil.ingest.internal.triggers;

import dev.vigil.ingest.events.RollbackTriggerChanged;
import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Every minute (a persistent timer: one server per minute), evaluates each enabled rollback trigger
 * for every app version with telemetry within {@code vigil.ingest.trigger-versions-within} (24 h),
 * at the minute's start: a trigger that starts firing raises an alert through
 * {@link RollbackTriggerChanged} (again every minute while it fires, so an alert that could not be
 * raised once is raised the next minute; alerting's dedup absorbs the repeats), one that stops, is
 * deleted or disabled, or whose version went quiet resolves it. Only changes are written. An
 * expression that cannot be evaluated for a version keeps its error on the state, shown on the
 * release view, and keeps the state it had: a database blip neither raises nor resolves.
 */
@ApplicationScoped
public class RollbackTriggerWatch implements TrackedJob {

    private static final Logger LOG = Logger.getLogger(RollbackTriggerWatch.class.getName());
    private static final Metadata ERRORS = Metadata.builder().withName("vigil_rollback_trigger_errors")
            .withDescription("Evaluations of a rollback trigger for an app version that failed (its expression, or the"
                    + " telemetry could not be read); the state keeps what it was").build();

    @Inject
    RollbackTriggers triggers;

    @Inject
    Event<RollbackTriggerChanged> changes;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "vigil.ingest.trigger-versions-within", defaultValue = "24h")
    String versionsWithin;

    private final Map<String, TriggerExpressions.Compiled> compiled = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Override
    public String name() {
        return "rollback-triggers";
    }

    @Override
    public Schedule schedule() {
        return Schedule.everyMinute();
    }

    @Override
    public String run() throws SQLException {
        return evaluate(clock.instant().truncatedTo(ChronoUnit.MINUTES));
    }

    /** One evaluation of every trigger at {@code now}; answers a one-line summary. */
    String evaluate(Instant now) throws SQLException {
        List<TriggerDefinition> definitions = triggers.all();
        List<String[]> versions = triggers.activeVersions(now.minus(Durations.parse(versionsWithin)));
        Map<String, List<String>> aliases = triggers.aliasMap();
        Map<String, RollbackTriggers.State> before = new HashMap<>();
        for (RollbackTriggers.State state : triggers.states(null)) {
            before.put(key(state.trigger(), state.appId(), state.version()), state);
        }
        Set<String> evaluated = new HashSet<>();
        int firing = 0;
        int changed = 0;
        for (TriggerDefinition trigger : definitions) {
            if (!trigger.enabled()) {
                continue;
            }
            TriggerExpressions.Compiled expression;
            try {
                expression = compiled(trigger);
            } catch (RuntimeException e) {
                LOG.warning(() -> "Rollback trigger " + trigger.name() + " does not compile; skipped: " + e.getMessage());
                continue;
            }
            for (String[] version : versions) {
                if (trigger.appId() != null && !trigger.appId().equals(version[0])) {
                    continue;
                }
                String key = key(trigger.name(), version[0], version[1]);
                evaluated.add(key);
                RollbackTriggers.State old = before.get(key);
                boolean wasFiring = old != null && old.firing();
                boolean fires;
                String error = null;
                try {
                    fires = TriggerExpressions.evaluate(expression, triggers.signals(version[0], version[1], now, aliases));
                } catch (TriggerExpressions.Failure e) {
                    fires = wasFiring;
                    error = e.getMessage();
                    metrics.counter(ERRORS, new Tag("trigger", trigger.name())).inc();
                } catch (IllegalStateException e) {
                    fires = wasFiring;
                    error = "the telemetry could not be read at " + now;
                    metrics.counter(ERRORS, new Tag("trigger", trigger.name())).inc();
                    LOG.warning(() -> "Rollback trigger " + trigger.name() + ": " + e.getMessage());
                }
                if (fires) {
                    firing++;
                    if (wasFiring) {
                        changes.fire(change(trigger, version[0], version[1], true, now));
                    }
                }
                if (wasFiring == fires && Objects.equals(old == null ? null : old.error(), error)) {
                    continue;
                }
                changed++;
                triggers.save(new RollbackTriggers.State(trigger.name(), version[0], version[1], fires,
                        fires && wasFiring ? old.since() : now, error));
                if (fires != wasFiring) {
                    changes.fire(change(trigger, version[0], version[1], fires, now));
                }
            }
        }
        // States no evaluation reached (the version went quiet, the trigger was disabled or scoped away) end.
        for (var entry : before.entrySet()) {
            RollbackTriggers.State state = entry.getValue();
            if (evaluated.contains(entry.getKey())) {
                continue;
            }
            changed++;
            triggers.save(new RollbackTriggers.State(state.trigger(), state.appId(), state.version(), false, now, null));
            if (state.firing()) {
                TriggerDefinition definition = definitions.stream().filter(d -> d.name().equals(state.trigger()))
                        .findFirst().orElse(new TriggerDefinition(state.trigger(), null, "", "", "", "warning", false,
                                now, ""));
                changes.fire(change(definition, state.appId(), state.version(), false, now));
            }
        }
        return definitions.size() + " triggers over " + versions.size() + " app versions: " + firing + " firing, "
                + changed + " changed";
    }

    private TriggerExpressions.Compiled compiled(TriggerDefinition trigger) {
        TriggerExpressions.Compiled known = compiled.get(trigger.name());
        if (known != null && known.text().equals(trigger.expression())) {
            return known;
        }
        TriggerExpressions.Compiled fresh = TriggerExpressions.compile(trigger.expression());
        compiled.put(trigger.name(), fresh);
        return fresh;
    }

    private static RollbackTriggerChanged change(TriggerDefinition trigger, String appId, String version, boolean firing,
            Instant at) {
        return new RollbackTriggerChanged(trigger.name(), appId, version, firing, trigger.description(),
                trigger.expression(), trigger.runbook(), trigger.severity(), at);
    }

    private static String key(String trigger, String appId, String version) {
        return trigger + "\n" + appId + "\n" + version;
    }
}
