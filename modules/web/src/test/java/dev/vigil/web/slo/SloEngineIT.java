package dev.vigil.web.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.ops.internal.slo.Backtest;
import dev.vigil.ops.internal.slo.BurnMath;
import dev.vigil.ops.internal.slo.Slo;
import dev.vigil.ops.internal.slo.SloBook;
import dev.vigil.ops.internal.slo.SloLedger;
import dev.vigil.ops.internal.slo.SloSpec;
import dev.vigil.ops.internal.slo.SloStore;
import dev.vigil.testing.Deployments;
import dev.vigil.testing.callers.AsAdmin;
import dev.vigil.testing.callers.AsSystem;
import dev.vigil.testing.callers.Attempt;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live engine (sums from the minute and hour rows) and the backtest (prefix sums) agree minute for
 * minute on one series; pushed minutes count once per source; a calendar month starts afresh; a check
 * SLI is fed by the check's pings; burning raises alerts through alerting and recovery resolves them.
 * Time is the caller's: the engine is asked at chosen minutes.
 */
@ExtendWith(ArquillianExtension.class)
class SloEngineIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(SloEngineIT.class);
    }

    @Inject
    SloBook book;

    @Inject
    SloLedger ledger;

    @Inject
    AsAdmin admin;

    @Inject
    AsSystem system;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private static long now() {
        return System.currentTimeMillis() / 60_000;
    }

    private SloStore.Row create(String json) {
        return as(admin.call(() -> book.create(SloSpec.of(read(json)))));
    }

    private static JsonObject read(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static <T> T as(Attempt<T> attempt) {
        if (attempt.failure() != null) {
            throw new AssertionError(attempt.failure());
        }
        return attempt.value();
    }

    /** Pushes a series (one good/total per minute from {@code start}) in calls of at most 1,440 minutes. */
    private void push(String slo, String source, long start, long[] good, long[] total) {
        for (int from = 0; from < good.length; from += 1440) {
            List<SloBook.Pushed> minutes = new ArrayList<>();
            for (int i = from; i < Math.min(good.length, from + 1440); i++) {
                if (total[i] > 0) {
                    minutes.add(new SloBook.Pushed(start + i, good[i], total[i]));
                }
            }
            as(admin.call(() -> book.push(slo, source, minutes)));
        }
    }

    private BurnMath.Evaluation live(String sloId, long at) {
        return as(system.call(() -> ledger.preview(at))).stream().filter(e -> e.slo().id().equals(sloId))
                .map(SloLedger.Evaluated::evaluation).findFirst().orElseThrow();
    }

    @Test
    void theLiveEngineAndTheBacktestAgreeMinuteForMinute() {
        String app = UUID.randomUUID().toString();
        SloStore.Row row = create("{\"name\": \"agree-" + app.substring(0, 8) + "\", \"app\": \"" + app + "\","
                + " \"sli\": {\"kind\": \"events\"}, \"objective\": 99.5, \"period\": \"30d\"}");
        Slo slo = row.slo();
        // Eight days: a steady trickle of errors, a fast burn, a slow day, a short blip, quiet nights.
        int minutes = 8 * 1440;
        long start = now() - minutes;
        long[] good = new long[minutes];
        long[] total = new long[minutes];
        Random random = new Random(42);
        for (int i = 0; i < minutes; i++) {
            int hour = (i / 60) % 24;
            total[i] = hour < 6 ? random.nextInt(4) : 50 + random.nextInt(100);
            double bad = i >= 2 * 1440 + 720 && i < 2 * 1440 + 760 ? 0.3 // fast burn: 40 minutes at 30 % at noon
                    : i >= 4 * 1440 && i < 5 * 1440 ? 0.02 // slow burn: a day at 2 %
                    : i >= 6 * 1440 + 600 && i < 6 * 1440 + 602 ? 0.5 // blip
                    : 0.001;
            good[i] = total[i] - Math.round(total[i] * bad * (0.5 + random.nextDouble()));
            good[i] = Math.max(0, good[i]);
        }
        push(slo.name(), "test", start, good, total);

        long from = start + 1440;
        long to = now() + 1;
        Backtest.Result backtest = Backtest.run(slo, new Backtest.Series(start, good, total), from, to, true);
        long[][] stored = as(admin.call(() -> book.series(slo.id(), start, to)));
        Backtest.Result onStored = Backtest.run(slo, new Backtest.Series(start, stored[0], stored[1]), from, to, false);
        assertEquals(backtest.firings(), onStored.firings(), "the backtest on the stored minutes");

        int compared = 0;
        for (BurnMath.Evaluation expected : backtest.evaluations()) {
            // Every minute around each firing and resolution, and every 7th minute elsewhere.
            boolean edge = backtest.firings().stream().anyMatch(f -> Math.abs(f.firedAt() - expected.at()) <= 2
                    || f.resolvedAt() != null && Math.abs(f.resolvedAt() - expected.at()) <= 2);
            if (!edge && expected.at() % 7 != 0) {
                continue;
            }
            BurnMath.Evaluation actual = live(slo.id(), expected.at());
            String at = Instant.ofEpochSecond(expected.at() * 60).toString();
            assertEquals(expected.firing(), actual.firing(), "firing at " + at);
            assertEquals(expected.status(), actual.status(), "status at " + at);
            assertEquals(expected.periodTotal(), actual.periodTotal(), "period total at " + at);
            assertEquals(expected.budgetRemaining(), actual.budgetRemaining(), 1e-9, "budget at " + at);
            for (var window : expected.windows().entrySet()) {
                BurnMath.Window live = actual.windows().get(window.getKey());
                assertEquals(window.getValue().total(), live.total(), "events of " + window.getKey() + "m at " + at);
                assertEquals(window.getValue().good(), live.good(), "good of " + window.getKey() + "m at " + at);
                assertTrue(Objects.equals(window.getValue().burnRate(), live.burnRate()), "burn of " + window.getKey()
                        + "m at " + at);
            }
            compared++;
        }
        assertTrue(compared > 1000, "minutes compared: " + compared);
        // The series does what it claims: the fast burn pages, the slow day tickets, the blip alone does not page.
        List<String> fired = backtest.firings().stream().map(Backtest.Firing::key).toList();
        assertTrue(fired.contains("1h/5m:critical"), fired.toString());
        assertTrue(fired.contains("1d/2h:warning"), fired.toString());
        long blip = start + 6 * 1440 + 600;
        assertTrue(backtest.firings().stream().noneMatch(f -> f.severity().equals("critical")
                && f.firedAt() >= blip && f.firedAt() < blip + 60), backtest.firings().toString());
    }

    @Test
    void aMinutePushedAgainBySameSourceReplacesAndOtherSourcesAdd() {
        String app = UUID.randomUUID().toString();
        SloStore.Row row = create("{\"name\": \"push-" + app.substring(0, 8) + "\", \"app\": \"" + app + "\","
                + " \"sli\": {\"kind\": \"events\"}, \"objective\": 99}");
        String name = row.slo().name();
        long minute = now() - 90;
        List<SloBook.Pushed> once = List.of(new SloBook.Pushed(minute, 90, 100), new SloBook.Pushed(minute + 1, 10, 10));
        assertEquals(2, as(admin.call(() -> book.push(name, "ios", once))));
        assertEquals(0, as(admin.call(() -> book.push(name, "ios", once))), "the same push again changes nothing");
        assertSeries(row.slo().id(), minute, 90, 100);
        assertEquals(1, as(admin.call(() -> book.push(name, "ios", List.of(new SloBook.Pushed(minute, 95, 100))))));
        assertSeries(row.slo().id(), minute, 95, 100);
        as(admin.call(() -> book.push(name, "android", List.of(new SloBook.Pushed(minute, 10, 10)))));
        assertSeries(row.slo().id(), minute, 105, 110);
        assertEquals(105 + 10, sum("select sum(good) from ops_slo_hour where slo_id = ?", row.slo().id()),
                "the hour rows add up to the minutes");

        Attempt<Integer> outside = admin.call(() -> book.push(name, "ios", List.of(new SloBook.Pushed(now() - 31 * 1440, 1, 1))));
        assertNotNull(outside.failure(), "a minute before the period is refused");
        Attempt<Integer> future = admin.call(() -> book.push(name, "ios", List.of(new SloBook.Pushed(now() + 5, 1, 1))));
        assertNotNull(future.failure(), "a minute to come is refused");
    }

    @Test
    void aCalendarMonthStartsAfreshAtItsFirstMinute() {
        String app = UUID.randomUUID().toString();
        SloStore.Row row = create("{\"name\": \"month-" + app.substring(0, 8) + "\", \"app\": \"" + app + "\","
                + " \"sli\": {\"kind\": \"events\"}, \"objective\": 99.9, \"period\": \"90d\"}");
        // The last three hours of the month before this one all bad, the fifteen before them good; pushed
        // while the period is rolling 90 days (so last month's minutes are taken), then the SLO moves to
        // calendar months.
        long boundary = YearMonth.from(Instant.now().atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC)
                .toEpochSecond() / 60;
        int minutes = 20 * 60;
        long start = boundary - 18 * 60;
        long[] good = new long[minutes];
        long[] total = new long[minutes];
        for (int i = 0; i < minutes; i++) {
            total[i] = start + i < now() ? 100 : 0;
            good[i] = start + i >= boundary - 180 && start + i < boundary ? 0 : total[i];
        }
        push(row.slo().name(), "test", start, good, total);
        as(admin.call(() -> book.update(row.slo().name(), SloSpec.of(read("{\"period\": \"month\"}")))));
        Slo slo = as(admin.call(() -> book.get(row.slo().id()))).slo();
        Backtest.Series series = new Backtest.Series(start, good, total);

        BurnMath.Evaluation lastMinute = live(slo.id(), boundary - 1);
        assertTrue(lastMinute.budgetExhausted(), "the month's last minute: its budget spent: " + lastMinute);
        assertEquals(18 * 60 - 1, lastMinute.periodTotal() / 100, "the month so far");
        BurnMath.Evaluation after = live(slo.id(), boundary + 10);
        assertTrue(!after.budgetExhausted() && after.budgetRemaining() == 1.0, "a new month, a new budget: " + after);
        assertTrue(after.firing().contains("6h/30m:critical"), "the windows still see the month before: " + after);
        assertEquals(BurnMath.evaluate(slo, boundary - 1, series), lastMinute);
        assertEquals(BurnMath.evaluate(slo, boundary + 10, series), after);
    }

    private void assertSeries(String sloId, long minute, long good, long total) {
        long[][] series = as(admin.call(() -> book.series(sloId, minute, minute + 1)));
        assertEquals(good, series[0][0], "good");
        assertEquals(total, series[1][0], "total");
    }

    private long sum(String sql, String arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
