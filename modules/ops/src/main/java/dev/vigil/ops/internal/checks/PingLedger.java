package dev.vigil.ops.internal.checks;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Records a batch of pings in one transaction (the {@link PingWriter}'s group commit): the rows of
 * the checks they name are locked in the order of their ids, {@link CheckRules} runs over each check's
 * pings in the order they came, and each check is written once, its pings, flips and minute counts
 * in batches. A ping of a check that does not exist, or of one of Vigil's own jobs (fed by its runs
 * only), records nothing.
 */
@Stateless
@PermitAll
public class PingLedger {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    CheckSettings settings;

    /** A ping for a check, as the servlet received it, and when. */
    public record Queued(String checkId, CheckBook.Received received, Instant at) {
    }

    /** A check's minute (epoch minutes). */
    private record Minute(String checkId, long minute) {
    }

    /** What each ping changed, in the order given; empty for a ping that names no pingable check. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<Optional<CheckBook.Changed>> record(List<Queued> pings) {
        try (Connection c = dataSource.getConnection()) {
            CheckStore store = new CheckStore(c);
            Set<String> ids = new LinkedHashSet<>();
            pings.forEach(p -> ids.add(p.checkId()));
            Map<String, Check> before = store.lockAll(ids);
            Map<String, Check> now = new LinkedHashMap<>();
            before.forEach((id, check) -> {
                if (check.job() == null) {
                    now.put(id, check);
                }
            });
            Instant written = clock.instant();
            Map<String, String> alerts = new HashMap<>();
            Map<Minute, int[]> counts = new LinkedHashMap<>();
            List<CheckHistory.NewPing> stored = new ArrayList<>();
            List<Map.Entry<String, CheckRules.Flip>> flips = new ArrayList<>();
            List<Optional<CheckBook.Changed>> changes = new ArrayList<>(pings.size());
            for (Queued ping : pings) {
                Check check = now.get(ping.checkId());
                if (check == null) {
                    changes.add(Optional.empty());
                    continue;
                }
                CheckBook.Received received = ping.received();
                // When it arrived; never before the check's last ping or start (another server's later ping may
                // have committed first), so a run's duration is never negative.
                Instant at = latest(ping.at(), check.lastPing(), check.lastStart());
                CheckRules.Outcome outcome = CheckRules.ping(check, received.action(), received.rid(), at);
                Check after = outcome.check();
                now.put(check.id(), after);
                String alert = CheckBook.alertFor(outcome.flip());
                if (alert != null) {
                    alerts.put(check.id(), alert); // the last flip's ask wins, as it would ping by ping
                }
                if (outcome.flip() != null) {
                    flips.add(Map.entry(check.id(), outcome.flip()));
                }
                stored.add(new CheckHistory.NewPing(check.id(), received.stored(after.pings(), at, outcome)));
                if (outcome.total() > 0) {
                    int[] count = counts.computeIfAbsent(new Minute(check.id(), at.getEpochSecond() / 60), m -> new int[2]);
                    count[0] += outcome.good();
                    count[1] += outcome.total();
                }
                changes.add(Optional.of(new CheckBook.Changed(after, outcome.flip(), alert, outcome.durationMs())));
            }
            write(store, before, now, alerts, stored, flips, counts, written);
            return changes;
        } catch (SQLException e) {
            throw new IllegalStateException("pings not recorded: " + e.getMessage(), e);
        }
    }

    private static Instant latest(Instant at, Instant... floors) {
        Instant latest = at;
        for (Instant floor : floors) {
            if (floor != null && floor.isAfter(latest)) {
                latest = floor;
            }
        }
        return latest;
    }

    private void write(CheckStore store, Map<String, Check> before, Map<String, Check> after,
            Map<String, String> alerts, List<CheckHistory.NewPing> stored, List<Map.Entry<String, CheckRules.Flip>> flips,
            Map<Minute, int[]> counts, Instant written) throws SQLException {
        if (stored.isEmpty()) {
            return;
        }
        List<CheckStore.Update> updates = new ArrayList<>();
        for (Check check : after.values()) {
            if (check.pings() != before.get(check.id()).pings()) {
                updates.add(new CheckStore.Update(check, alerts.get(check.id())));
            }
        }
        store.updateAll(updates, written.toEpochMilli());
        store.history().pings(stored);
        for (Map.Entry<String, CheckRules.Flip> flip : flips) {
            store.history().flip(flip.getKey(), flip.getValue());
        }
        List<CheckHistory.Count> minuteCounts = new ArrayList<>();
        counts.forEach((m, count) -> minuteCounts.add(new CheckHistory.Count(m.checkId(), m.minute(), count[0], count[1])));
        if (!minuteCounts.isEmpty()) {
            store.history().countAll(minuteCounts);
        }
        for (CheckStore.Update update : updates) { // in id order, as the rows were locked
            store.history().prune(update.check().id(), before.get(update.check().id()).pings(), update.check().pings(),
                    settings.keepPings());
        }
    }
}
