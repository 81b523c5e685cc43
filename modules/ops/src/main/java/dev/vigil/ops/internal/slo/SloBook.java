package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.Roles;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * SLO definitions and pushes, guarded by the container: admins define SLOs and read their
 * evaluations; an app pushes events to its own events SLOs. The counting and evaluating side (the
 * cycle, Vigil's own API traffic) is {@link SloLedger}.
 *
 * <p>Counts are added with the SLO's row locked, so each server's additions for a minute add up.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class SloBook {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource
    SessionContext session;

    @Inject
    Clock clock;

    @Inject
    SloSettings settings;

    @Inject
    SloMetrics metrics;

    /** One pushed minute. */
    public record Pushed(long minute, long good, long total) {
    }

    // ---- admin ----

    public List<SloStore.Row> list() {
        return work(store -> store.all());
    }

    public SloStore.Row get(String idOrName) {
        return work(store -> find(store, idOrName));
    }

    public SloStore.Row create(SloSpec spec) {
        return work(store -> {
            long now = clock.millis();
            Slo slo = spec.create(UUID.randomUUID().toString(), now);
            if (store.byName(slo.name()).isPresent()) {
                throw VigilException.invalid("an SLO named '" + slo.name() + "' exists");
            }
            if (store.count() >= settings.max()) {
                throw VigilException.invalid("at most " + settings.max() + " SLOs (vigil.ops.slo.max)");
            }
            checkSource(store, slo);
            store.insert(slo, slo.sli().mirrored() ? Long.valueOf(minute(now)) : null);
            return store.byId(slo.id()).orElseThrow();
        });
    }

    /** An SLO after a change, and the alerts to resolve (all it held, when the change disabled it). */
    public record Updated(SloStore.Row row, List<String> toResolve) {
    }

    public Updated update(String idOrName, SloSpec spec) {
        return work(store -> {
            SloStore.Row row = locked(store, find(store, idOrName).slo().id(), idOrName);
            Slo changed = spec.apply(row.slo(), clock.millis());
            if (!changed.name().equals(row.slo().name()) && store.byName(changed.name()).isPresent()) {
                throw VigilException.invalid("an SLO named '" + changed.name() + "' exists");
            }
            checkSource(store, changed);
            store.update(changed);
            if (changed.sli().mirrored() && !changed.sli().equals(row.slo().sli())) {
                store.syncFrom(changed.id(), minute(clock.millis()));
            }
            List<String> toResolve = List.of();
            if (!changed.enabled()) {
                // Disabled SLOs are not evaluated: what alerting holds for it is resolved now, and forgotten.
                toResolve = row.state().alerted();
                store.alerted(changed.id(), List.of(), false);
            }
            return new Updated(store.byId(changed.id()).orElseThrow(), toResolve);
        });
    }

    /**
     * Creates or updates (by name) every SLO of an import, in one transaction: all or none.
     * Answers the names created and updated.
     */
    public Map<String, List<String>> importAll(List<SloSpec> specs) {
        return work(store -> {
            List<String> created = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            long now = clock.millis();
            // Rows locked in id order first, as every other writer locks them.
            List<String> ids = new ArrayList<>();
            for (SloSpec spec : specs) {
                store.byName(spec.name()).ifPresent(row -> ids.add(row.slo().id()));
            }
            Map<String, SloStore.Row> lockedByName = new java.util.HashMap<>();
            for (SloStore.Row row : store.lock(ids)) {
                lockedByName.put(row.slo().name(), row);
            }
            for (SloSpec spec : specs) {
                var existing = java.util.Optional.ofNullable(lockedByName.get(spec.name()));
                if (existing.isPresent()) {
                    Slo changed = spec.apply(existing.get().slo(), now);
                    checkSource(store, changed);
                    store.update(changed);
                    if (changed.sli().mirrored() && !changed.sli().equals(existing.get().slo().sli())) {
                        store.syncFrom(changed.id(), minute(now));
                    }
                    updated.add(changed.name());
                } else {
                    if (store.count() >= settings.max()) {
                        throw VigilException.invalid("at most " + settings.max() + " SLOs (vigil.ops.slo.max)");
                    }
                    Slo slo = spec.create(UUID.randomUUID().toString(), now);
                    checkSource(store, slo);
                    store.insert(slo, slo.sli().mirrored() ? Long.valueOf(minute(now)) : null);
                    created.add(slo.name());
                }
            }
            Map<String, List<String>> result = new LinkedHashMap<>();
            result.put("created", created);
            result.put("updated", updated);
            return result;
        });
    }

    /** Removes an SLO with its data; answers it as it was (its alerts are resolved by the caller). */
    public SloStore.Row delete(String idOrName) {
        return work(store -> {
            SloStore.Row row = locked(store, find(store, idOrName).slo().id(), idOrName);
            store.delete(row.slo().id());
            return row;
        });
    }

    public List<SloEvaluations.Snapshot> snapshots(String sloId, long fromMinute, int limit) {
        return work(store -> store.evaluations().snapshots(sloId, fromMinute, limit));
    }

    /** An SLO's stored per-minute series over {@code [from, to)}. */
    public long[][] series(String sloId, long from, long to) {
        return work(store -> store.counts().series(sloId, from, to));
    }

    /**
     * Creates Vigil's default SLOs once per install: the first server to insert the marker row
     * creates them; later starts (and other servers) find the marker and leave the SLOs as admins left them.
     */
    @PermitAll
    public List<String> installDefaults(List<SloSpec> defaults) {
        return work(store -> {
            if (!store.evaluations().markDefaults(minute(clock.millis()))) {
                return List.of(); // installed before, or by another server starting at the same time
            }
            List<String> created = new ArrayList<>();
            for (SloSpec spec : defaults) {
                if (store.byName(spec.name()).isEmpty()) {
                    long now = clock.millis();
                    store.insert(spec.create(UUID.randomUUID().toString(), now), null);
                    created.add(spec.name());
                }
            }
            return created;
        });
    }

    // ---- apps ----

    /**
     * Records minutes an app pushed for its events SLO: a minute pushed again by the same source
     * replaces what it pushed before. Answers how many minutes changed the counts.
     */
    @RolesAllowed({Roles.ADMIN, Roles.APP})
    public int push(String idOrName, String source, List<Pushed> minutes) {
        return work(store -> {
            Slo slo = locked(store, find(store, idOrName).slo().id(), idOrName).slo();
            if (!Sli.EVENTS.equals(slo.sli().kind()) || !callerMayPush(slo)) {
                // Another app's SLO, or one not fed by pushes: as if there were none.
                throw VigilException.notFound("SLO " + idOrName);
            }
            long now = minute(clock.millis());
            // Back to the start of the period, or of the longest window when that reaches further
            // (on a calendar month's first day, the last minutes of the month before).
            long from = Math.min(slo.period().from(now), now - slo.policy().windows().last());
            for (Pushed pushed : minutes) {
                if (pushed.minute() > now || pushed.minute() < from) {
                    throw VigilException.invalid("minute " + java.time.Instant.ofEpochSecond(pushed.minute() * 60)
                            + " is outside the SLO's period (" + slo.period().text() + ": from "
                            + java.time.Instant.ofEpochSecond(from * 60) + " to the current minute)");
                }
            }
            SloCounts counts = store.counts();
            if (!counts.hasSource(slo.id(), source) && counts.sources(slo.id()) >= SloSettings.MAX_SOURCES) {
                throw VigilException.invalid("an SLO takes pushes from at most " + SloSettings.MAX_SOURCES + " sources;"
                        + " this one has them all");
            }
            List<SloCounts.Count> changed = counts.push(slo.id(), source, minutes);
            counts.add(changed);
            metrics.events(slo.name(), changed);
            return changed.size();
        });
    }

    private boolean callerMayPush(Slo slo) {
        if (session.isCallerInRole(Roles.ADMIN)) {
            return true;
        }
        String name = session.getCallerPrincipal().getName();
        return session.isCallerInRole(Roles.APP) && name.equals("app:" + slo.appId());
    }

    private void checkSource(SloStore store, Slo slo) throws SQLException {
        if (Sli.CHECK.equals(slo.sli().kind()) && !store.checkExists(slo.sli().checkId())) {
            throw VigilException.invalid("no job check with id " + slo.sli().checkId());
        }
    }

    /** The SLO's row, locked and read again; not found when it went meanwhile. */
    private static SloStore.Row locked(SloStore store, String id, String idOrName) throws SQLException {
        List<SloStore.Row> rows = store.lock(List.of(id));
        if (rows.isEmpty()) {
            throw VigilException.notFound("SLO " + idOrName);
        }
        return rows.get(0);
    }

    private static SloStore.Row find(SloStore store, String idOrName) throws SQLException {
        return store.byId(idOrName).or(() -> {
            try {
                return store.byName(idOrName);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }).orElseThrow(() -> VigilException.notFound("SLO " + idOrName));
    }

    static long minute(long millis) {
        return Math.floorDiv(millis, 60_000);
    }

    private <T> T work(SloStore.Work<T> work) {
        return SloStore.on(dataSource, work);
    }
}
