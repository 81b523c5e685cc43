package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Roles;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The only way to the check tables, guarded by the container. Admins reach every check; an app
 * (through healthchecks.io's v3 API) only its own, scoped here from the caller the container knows.
 * A ping needs no role (its URL is its credential); the watch and Vigil's own jobs run as system.
 *
 * <p>Every change locks the check's row, applies {@link CheckRules} and writes the check, the ping,
 * the flip and the minute's counts in one transaction. A flip to or from down marks the check
 * {@code alert_pending}; alerting is told after the commit and the mark cleared, and the watch tells
 * it again for a mark left behind by a server that died in between.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class CheckBook {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource
    SessionContext session;

    @Inject
    Clock clock;

    @Inject
    CheckSettings settings;

    /** What a ping found. */
    public enum Found { OK, CREATED, NOT_FOUND, AMBIGUOUS, CAPPED }

    /** A check after a change, and what alerting must hear of it (raise, resolve or nothing). */
    public record Changed(Check check, CheckRules.Flip flip, String alert, Long durationMs) {
    }

    /**
     * Where a ping by slug goes: an app's ping key and a slug (created when asked). A ping by uuid
     * needs no lookup: {@link PingLedger} finds its check, or finds none.
     */
    public record Target(String pingKey, String slug, boolean create) {
    }

    /** The ping as received. */
    public record Received(CheckRules.Action action, Integer exitStatus, String rid, String method, String scheme,
            String remoteAddr, String userAgent, String body, long bodyBytes) {

        /** The ping as stored: numbered {@code n} on its check, at {@code at}, as the rules counted it. */
        CheckHistory.Ping stored(long n, Instant at, CheckRules.Outcome outcome) {
            return new CheckHistory.Ping(n, at, outcome.action().value(), exitStatus, method, scheme, remoteAddr, userAgent,
                    body, bodyBytes, rid, outcome.durationMs());
        }
    }

    // ---- pings ----

    /** Finds the check a ping key and slug name, creating it for {@code ?create=1}; null id with the reason when there is none. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Resolved resolve(Target target) {
        return work("check not resolved", store -> {
            Optional<String> app = store.appOfPingKey(sha256(target.pingKey()));
            if (app.isEmpty()) {
                return new Resolved(null, Found.NOT_FOUND);
            }
            List<Check> found = store.bySlug(app.get(), target.slug());
            if (found.size() > 1) {
                return new Resolved(null, Found.AMBIGUOUS);
            }
            if (found.size() == 1) {
                return new Resolved(found.get(0).id(), Found.OK);
            }
            if (!target.create()) {
                return new Resolved(null, Found.NOT_FOUND);
            }
            // Creations for one app take turns on its ping key's row, so a slug is created once.
            store.lockPingKey(app.get());
            found = store.bySlug(app.get(), target.slug());
            if (!found.isEmpty()) {
                return new Resolved(found.get(0).id(), found.size() > 1 ? Found.AMBIGUOUS : Found.OK);
            }
            if (store.count(app.get()) >= settings.maxPerApp()) {
                return new Resolved(null, Found.CAPPED);
            }
            Instant now = clock.instant();
            Check check = new CheckSpec(target.slug(), target.slug(), null, null, null, null, null, null, null, null, null)
                    .create(UUID.randomUUID().toString(), app.get(), now);
            store.insert(check, now.toEpochMilli());
            return new Resolved(check.id(), Found.CREATED);
        });
    }

    public record Resolved(String checkId, Found found) {
    }

    /** A run of one of Vigil's own jobs, fed to its check like a ping ({@code rid} = the run's id). */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<Changed> jobRun(String job, CheckRules.Action action, String runId, String server) {
        return work("job run not recorded on its check", store -> {
            Optional<Check> existing = store.byJob(job);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            Check check = store.lock(existing.get().id()).orElseThrow();
            Instant now = clock.instant();
            CheckRules.Outcome outcome = CheckRules.ping(check, action, runId, now);
            return Optional.of(apply(store, outcome, new Received(action, null, runId, "RUN", "job", server, "vigil",
                    null, 0), now));
        });
    }

    /**
     * Makes sure Vigil's own job has its check: a period of its schedule and as much grace, down after
     * {@code failures} failed runs in a row. Its settings follow the job's on every start.
     */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void ensureJob(String job, Duration every, int failures) {
        work("check of job " + job + " not made", store -> {
            Instant now = clock.instant();
            Optional<Check> existing = store.byJob(job);
            Check wanted = new Check(existing.map(Check::id).orElse(UUID.randomUUID().toString()), null, job, "vigil: " + job,
                    "vigil-" + job, "vigil", "Vigil's periodic job " + job + ", fed by its own runs",
                    new CheckSchedule.Simple(every), every, null, Math.max(1, failures), false, Check.NEW, null, null,
                    null, null, null, 0, null, 0, now);
            if (existing.isEmpty()) {
                store.insert(wanted, now.toEpochMilli());
                return null;
            }
            Check check = store.lock(existing.get().id()).orElseThrow();
            Check updated = CheckRules.rescheduled(check.withSettings(wanted.name(), wanted.slug(), wanted.tags(),
                    wanted.description(), wanted.schedule(), wanted.grace(), null, wanted.failureThreshold(), false));
            if (!updated.equals(check)) {
                store.update(updated, null, now.toEpochMilli());
            }
            return null;
        });
    }

    // ---- the watch ----

    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<String> due(int limit) {
        return work("due checks not read", store -> store.due(clock.instant(), limit));
    }

    /** Takes a due check down (late, or a run over its limit), or moves its deadline; once, whichever server asks. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<Changed> settle(String checkId) {
        return work("check not settled", store -> {
            Optional<Check> locked = store.lock(checkId);
            Instant now = clock.instant();
            if (locked.isEmpty() || locked.get().alertAfter() == null || locked.get().alertAfter().isAfter(now)
                    || Check.DOWN.equals(locked.get().status())) {
                return Optional.empty(); // pinged, settled or removed meanwhile
            }
            return Optional.of(apply(store, CheckRules.due(locked.get(), now), null, now));
        });
    }

    /** Checks whose flip alerting has not heard of for a while. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<Changed> undelivered(Duration olderThan, int limit) {
        return work("pending alerts not read", store -> {
            Instant now = clock.instant();
            List<CheckStore.Pending> marks = store.pending(now.minus(olderThan), limit);
            store.taken(marks, now.toEpochMilli());
            return marks.stream()
                    .map(p -> find(store, p.checkId()).map(check -> new Changed(check, null, p.what(), null)))
                    .flatMap(Optional::stream).toList();
        });
    }

    /** A check as it is now, for delivering its alert by its current status; empty when it is gone. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<Check> current(String checkId) {
        return work("check not read", store -> store.find(checkId));
    }

    /** Alerting has heard of the check's flip. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void delivered(String checkId, String what) {
        work("alert mark not cleared", store -> {
            store.delivered(checkId, what);
            return null;
        });
    }

    /** Status of every check, for the status gauge; names and states only. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<Check> all(int limit) {
        return work("checks not read", store -> store.list(null, limit));
    }

    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public int purge(Instant cutoff) {
        return work("check history not purged", store -> store.history().purge(cutoff));
    }

    // ---- management: admins all checks, an app its own ----

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<Check> list() {
        return work("checks not read", store -> store.list(ownApp().orElse(null), settings.maxPerApp() * 10));
    }

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Check get(String id) {
        return work("check not read", store -> visible(store, id, false));
    }

    /** Creates a check of the calling app, or (an admin) of the app named, with a given uuid (an admin's import) or a new one. */
    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Check create(CheckSpec spec, String appForAdmin, String uuid) {
        Optional<String> own = ownApp();
        if (own.isPresent() && uuid != null) {
            throw VigilException.invalid("Only an admin chooses a check's uuid");
        }
        String app = own.orElse(appForAdmin);
        if (app == null || app.isBlank() || app.length() > 36) {
            throw VigilException.invalid("app is required: the id of the app that owns the check");
        }
        return work("check not created", store -> {
            if (store.count(app) >= settings.maxPerApp()) {
                throw new VigilException(ErrorCode.INVALID_REQUEST, "This app has " + settings.maxPerApp()
                        + " checks, the most one app may (vigil.ops.checks.max-per-app)");
            }
            if (uuid != null && store.find(uuid).isPresent()) {
                throw VigilException.invalid("A check with uuid " + uuid + " exists");
            }
            Instant now = clock.instant();
            Check check = spec.create(uuid != null ? uuid : UUID.randomUUID().toString(), app, now);
            store.insert(check, now.toEpochMilli());
            return check;
        });
    }

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Check update(String id, CheckSpec spec) {
        return work("check not updated", store -> {
            Check check = visible(store, id, true);
            if (check.job() != null) {
                throw VigilException.invalid("This check follows a job of Vigil; its settings follow the job's");
            }
            Check updated = spec.applyTo(check);
            store.update(updated, null, clock.millis());
            return updated;
        });
    }

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Changed pause(String id) {
        return work("check not paused", store -> {
            Instant now = clock.instant();
            return apply(store, CheckRules.pause(visible(store, id, true), now), null, now);
        });
    }

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Changed resume(String id) {
        return work("check not resumed", store -> {
            Instant now = clock.instant();
            return apply(store, CheckRules.resume(visible(store, id, true), now), null, now);
        });
    }

    /** Removes the check; the answer is the check as it was (whose alert, if down, the caller resolves). */
    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Check delete(String id) {
        return work("check not deleted", store -> {
            Check check = visible(store, id, true);
            if (check.job() != null) {
                throw VigilException.invalid("This check follows a job of Vigil; pause it instead");
            }
            store.delete(id);
            return check;
        });
    }

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<CheckHistory.Ping> pings(String id) {
        return work("pings not read", store -> store.history().pings(visible(store, id, false).id(), settings.keepPings()));
    }

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<CheckRules.Flip> flips(String id, Instant since, int limit) {
        return work("flips not read", store -> store.history().flips(visible(store, id, false).id(), since, limit));
    }

    /** Per-minute good/total runs of a check since {@code from}: [epoch minute, good, total]. */
    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<long[]> minutes(String id, Instant from, int limit) {
        return work("minutes not read",
                store -> store.history().minutes(visible(store, id, false).id(), from.getEpochSecond() / 60, limit));
    }

    /** A new ping key for the app (the old one stops working); only its hash is kept, so it is shown once. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String newPingKey(String appId) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return work("ping key not made", store -> {
            store.pingKey(appId, sha256(key), clock.millis());
            return key;
        });
    }

    // ---- internals ----

    private interface Work<T> {
        T run(CheckStore store) throws SQLException;
    }

    /** Runs {@code work} on a connection of the caller's transaction; {@code what} names it when the database fails. */
    private <T> T work(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(new CheckStore(c));
        } catch (SQLException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    private Changed apply(CheckStore store, CheckRules.Outcome outcome, Received ping, Instant now) throws SQLException {
        Check check = outcome.check();
        String alert = alertFor(outcome.flip());
        store.update(check, alert, now.toEpochMilli());
        if (ping != null) {
            store.history().ping(check.id(), ping.stored(check.pings(), now, outcome));
            store.history().prune(check.id(), check.pings() - 1, check.pings(), settings.keepPings());
        }
        if (outcome.flip() != null) {
            store.history().flip(check.id(), outcome.flip());
        }
        if (outcome.total() > 0) {
            store.history().count(check.id(), now.getEpochSecond() / 60, outcome.good(), outcome.total());
        }
        return new Changed(check, outcome.flip(), alert, outcome.durationMs());
    }

    /** Going down raises the check's alert; leaving down resolves it. */
    static String alertFor(CheckRules.Flip flip) {
        if (flip == null) {
            return null;
        }
        if (Check.DOWN.equals(flip.to())) {
            return "raise";
        }
        return Check.DOWN.equals(flip.from()) ? "resolve" : null;
    }

    private Check visible(CheckStore store, String id, boolean lock) throws SQLException {
        Optional<Check> check = lock ? store.lock(id) : store.find(id);
        Optional<String> app = ownApp();
        if (check.isEmpty() || (app.isPresent() && !app.get().equals(check.get().appId()))) {
            throw VigilException.notFound("Check");
        }
        return check.get();
    }

    private static Optional<Check> find(CheckStore store, String id) {
        try {
            return store.find(id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The calling app's id; empty for an admin, who sees every check. */
    private Optional<String> ownApp() {
        if (session.isCallerInRole(Roles.ADMIN)) {
            return Optional.empty();
        }
        String name = session.getCallerPrincipal().getName();
        if (!session.isCallerInRole(Roles.APP) || !name.startsWith("app:")) {
            throw new VigilException(ErrorCode.FORBIDDEN, "Checks are an admin's or their app's");
        }
        return Optional.of(name.substring(4));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
