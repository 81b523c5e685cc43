package dev.vigil.ops.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ops.internal.checks.CheckRules.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The check state machine on a clock the test moves: no sleeping. */
class CheckRulesTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Check simple(Duration timeout, Duration grace) {
        return check(new CheckSchedule.Simple(timeout), grace, null, 1, false);
    }

    private static Check check(CheckSchedule schedule, Duration grace, Duration maxRuntime, int failures, boolean manual) {
        return CheckRules.rescheduled(new Check("c1", "app", null, "backup", "backup", "", "", schedule, grace,
                maxRuntime, failures, manual, Check.NEW, null, null, null, null, null, 0, null, 0, T0));
    }

    private static Check ping(Check check, Action action, Instant at) {
        return CheckRules.ping(check, action, null, at).check();
    }

    @Test
    void aNewCheckIsNotWatchedUntilItsFirstPing() {
        Check check = simple(Duration.ofHours(1), Duration.ofMinutes(10));
        assertThat(CheckRules.status(check, T0.plus(Duration.ofDays(30)), true)).isEqualTo("new");
        assertThat(check.alertAfter()).isNull();
    }

    @Test
    void periodAndGrace() {
        CheckRules.Outcome first = CheckRules.ping(simple(Duration.ofHours(1), Duration.ofMinutes(10)), Action.SUCCESS,
                null, T0);
        assertThat(first.flip()).isEqualTo(new CheckRules.Flip("new", "up", "success", T0));
        Check up = first.check();
        assertThat(up.alertAfter()).isEqualTo(T0.plus(Duration.ofMinutes(70)));
        assertThat(CheckRules.status(up, T0.plus(Duration.ofMinutes(59)), true)).isEqualTo("up");
        assertThat(CheckRules.status(up, T0.plus(Duration.ofMinutes(60)), true)).isEqualTo("grace");
        assertThat(CheckRules.status(up, T0.plus(Duration.ofMinutes(70)), true)).isEqualTo("down");

        // The watch before the deadline only moves it; at the deadline it takes the check down, late.
        CheckRules.Outcome down = CheckRules.due(up, T0.plus(Duration.ofMinutes(70)));
        assertThat(down.flip()).isEqualTo(new CheckRules.Flip("up", "down", "late", T0.plus(Duration.ofMinutes(70))));
        assertThat(down.check().status()).isEqualTo("down");
        assertThat(down.check().downReason()).isEqualTo("late");
        assertThat(down.check().alertAfter()).isNull();
        assertThat(down.total()).isEqualTo(1);
        assertThat(down.good()).isZero();

        // A ping after it went down brings it up again.
        CheckRules.Outcome back = CheckRules.ping(down.check(), Action.SUCCESS, null, T0.plus(Duration.ofMinutes(75)));
        assertThat(back.flip().to()).isEqualTo("up");
        assertThat(back.check().alertAfter()).isEqualTo(T0.plus(Duration.ofMinutes(145)));
    }

    @Test
    void aPingInGraceKeepsTheCheckUpAndTheWatchOnlyMovesTheDeadline() {
        Check up = ping(simple(Duration.ofHours(1), Duration.ofMinutes(10)), Action.SUCCESS, T0);
        Check pinged = ping(up, Action.SUCCESS, T0.plus(Duration.ofMinutes(65)));
        CheckRules.Outcome looked = CheckRules.due(up.withState(pinged.status(), null, pinged.lastPing(), null, null,
                null, 0, up.alertAfter(), pinged.pings()), T0.plus(Duration.ofMinutes(70)));
        assertThat(looked.flip()).isNull();
        assertThat(looked.check().alertAfter()).isEqualTo(T0.plus(Duration.ofMinutes(135)));
    }

    @Test
    void cronInBerlinAcrossTheSpringDstChangeExpectsNineOClockLocal() {
        // 09:00 every day in Berlin: on 29 March 2026 clocks go 02:00 -> 03:00, so that day's 09:00 is 07:00Z.
        Check check = check(CheckSchedule.Cron.of("0 9 * * *", "Europe/Berlin"), Duration.ofMinutes(30), null, 1, false);
        Instant saturday = ZonedDateTime.of(2026, 3, 28, 9, 0, 5, 0, BERLIN).toInstant();
        assertThat(saturday).isEqualTo(Instant.parse("2026-03-28T08:00:05Z"));
        Check up = ping(check, Action.SUCCESS, saturday);
        assertThat(CheckRules.nextPing(up)).isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
        assertThat(CheckRules.status(up, Instant.parse("2026-03-29T06:59:59Z"), true)).isEqualTo("up");
        assertThat(CheckRules.status(up, Instant.parse("2026-03-29T07:10:00Z"), true)).isEqualTo("grace");
        // A UTC reading (08:00Z + 30 min) would still say grace here: local time says down.
        assertThat(CheckRules.status(up, Instant.parse("2026-03-29T07:30:00Z"), true)).isEqualTo("down");
        assertThat(up.alertAfter()).isEqualTo(Instant.parse("2026-03-29T07:30:00Z"));
    }

    @Test
    void cronInBerlinAcrossTheAutumnDstChangeWaitsTheLongerDay() {
        // On 25 October 2026 clocks go 03:00 -> 02:00: that day's 09:00 is 08:00Z, 25 hours after the day before.
        Check check = check(CheckSchedule.Cron.of("0 9 * * *", "Europe/Berlin"), Duration.ofMinutes(30), null, 1, false);
        Check up = ping(check, Action.SUCCESS, Instant.parse("2026-10-24T07:00:10Z"));
        assertThat(CheckRules.nextPing(up)).isEqualTo(Instant.parse("2026-10-25T08:00:00Z"));
        assertThat(CheckRules.status(up, Instant.parse("2026-10-25T08:00:00Z").minusSeconds(1), true)).isEqualTo("up");
        assertThat(CheckRules.status(up, Instant.parse("2026-10-25T08:29:59Z"), true)).isEqualTo("grace");
        assertThat(CheckRules.due(up, Instant.parse("2026-10-25T08:30:00Z")).flip().to()).isEqualTo("down");
    }

    @Test
    void everyThirtyMinutesThroughTheRepeatedAutumnHour() {
        // 02:30 CEST (00:30Z) is followed by 02:00 CET (01:00Z): thirty real minutes, not ninety.
        Check check = check(CheckSchedule.Cron.of("*/30 * * * *", "Europe/Berlin"), Duration.ofMinutes(5), null, 1, false);
        Check up = ping(check, Action.SUCCESS, Instant.parse("2026-10-25T00:30:01Z"));
        assertThat(CheckRules.nextPing(up)).isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
    }

    @Test
    void aDailyJobInTheRepeatedAutumnHourIsExpectedOnceAsDebiansCronRunsIt() {
        // 02:30 happens twice on 25 October 2026 in Berlin (00:30Z CEST, 01:30Z CET); cron runs the job at
        // the first only. Expecting it again an hour later would page for a job that ran.
        Check check = check(CheckSchedule.Cron.of("30 2 * * *", "Europe/Berlin"), Duration.ofMinutes(15), null, 1, false);
        Check before = ping(check, Action.SUCCESS, Instant.parse("2026-10-24T00:30:20Z"));
        assertThat(CheckRules.nextPing(before)).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        Check ran = ping(before, Action.SUCCESS, Instant.parse("2026-10-25T00:30:20Z"));
        assertThat(CheckRules.nextPing(ran)).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(CheckRules.status(ran, Instant.parse("2026-10-25T02:00:00Z"), true)).isEqualTo("up");
    }

    @Test
    void aLongRunEndingInTheRepeatedHourIsNotExpectedAgainInThePast() {
        // 02:00 and 02:30 in Berlin; the 02:00 CEST run ends at 02:10 CET (01:10Z), after the 02:30 CEST that
        // came before it. The next run is the next day's 02:00, not 02:30 CEST, which is already gone.
        Check check = check(CheckSchedule.Cron.of("0,30 2 * * *", "Europe/Berlin"), Duration.ofMinutes(15), null, 1, false);
        Check ended = ping(check, Action.SUCCESS, Instant.parse("2026-10-25T01:10:00Z"));
        assertThat(CheckRules.nextPing(ended)).isEqualTo(Instant.parse("2026-10-26T01:00:00Z"));
        assertThat(CheckRules.status(ended, Instant.parse("2026-10-25T01:10:01Z"), true)).isEqualTo("up");
    }

    @Test
    void aDailyJobInTheSkippedSpringHourIsExpectedRightAfterTheGap() {
        // 02:30 does not happen on 29 March 2026 in Berlin; Debian's cron runs the job at 03:00 CEST (01:00Z),
        // so a job that did not run that night is noticed that night, not a day later.
        Check check = check(CheckSchedule.Cron.of("30 2 * * *", "Europe/Berlin"), Duration.ofMinutes(15), null, 1, false);
        Check ran = ping(check, Action.SUCCESS, Instant.parse("2026-03-28T01:30:20Z"));
        assertThat(CheckRules.nextPing(ran)).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(CheckRules.due(ran, Instant.parse("2026-03-29T01:15:00Z")).flip().to()).isEqualTo("down");
        Check next = ping(ran, Action.SUCCESS, Instant.parse("2026-03-29T01:00:30Z"));
        assertThat(CheckRules.nextPing(next)).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void aStartedRunMustEndWithinItsMaxRuntimeAndTheRidPairsItsEnd() {
        Check check = check(new CheckSchedule.Simple(Duration.ofDays(1)), Duration.ofHours(1), Duration.ofMinutes(15), 1,
                false);
        Check up = ping(check, Action.SUCCESS, T0);
        CheckRules.Outcome started = CheckRules.ping(up, Action.START, "r1", T0.plus(Duration.ofHours(1)));
        assertThat(CheckRules.status(started.check(), T0.plus(Duration.ofMinutes(70)), true)).isEqualTo("started");
        assertThat(CheckRules.status(started.check(), T0.plus(Duration.ofMinutes(70)), false)).isEqualTo("up");
        assertThat(started.check().alertAfter()).isEqualTo(T0.plus(Duration.ofMinutes(75)));

        // An end with another run's id leaves this run open; its own id ends it with a duration.
        CheckRules.Outcome other = CheckRules.ping(started.check(), Action.SUCCESS, "r2", T0.plus(Duration.ofMinutes(65)));
        assertThat(other.check().lastStart()).isNotNull();
        assertThat(other.durationMs()).isNull();
        CheckRules.Outcome ended = CheckRules.ping(other.check(), Action.SUCCESS, "r1", T0.plus(Duration.ofMinutes(70)));
        assertThat(ended.check().lastStart()).isNull();
        assertThat(ended.durationMs()).isEqualTo(Duration.ofMinutes(10).toMillis());

        // A run that never ends is down at its max runtime, for that reason.
        CheckRules.Outcome hung = CheckRules.ping(ended.check(), Action.START, "r3", T0.plus(Duration.ofHours(2)));
        assertThat(CheckRules.due(hung.check(), T0.plus(Duration.ofMinutes(134))).flip()).isNull();
        CheckRules.Outcome down = CheckRules.due(hung.check(), T0.plus(Duration.ofMinutes(135)));
        assertThat(down.flip().reason()).isEqualTo("runtime");
        assertThat(down.check().status()).isEqualTo("down");
    }

    @Test
    void withoutMaxRuntimeAStartedRunHasItsGraceAsHealthchecksIo() {
        Check up = ping(simple(Duration.ofDays(1), Duration.ofMinutes(20)), Action.SUCCESS, T0);
        Check started = CheckRules.ping(up, Action.START, null, T0.plusSeconds(60)).check();
        assertThat(started.alertAfter()).isEqualTo(T0.plusSeconds(60).plus(Duration.ofMinutes(20)));
    }

    @Test
    void downOnlyAfterNConsecutiveFailuresAndASuccessResetsTheCount() {
        Check check = check(new CheckSchedule.Simple(Duration.ofHours(1)), Duration.ofMinutes(5), null, 3, false);
        Check up = ping(check, Action.SUCCESS, T0);
        CheckRules.Outcome one = CheckRules.ping(up, Action.FAIL, null, T0.plusSeconds(10));
        CheckRules.Outcome two = CheckRules.ping(one.check(), Action.FAIL, null, T0.plusSeconds(20));
        assertThat(one.flip()).isNull();
        assertThat(two.flip()).isNull();
        assertThat(two.check().status()).isEqualTo("up");
        assertThat(two.total()).isEqualTo(1);
        assertThat(two.good()).isZero();
        CheckRules.Outcome reset = CheckRules.ping(two.check(), Action.SUCCESS, null, T0.plusSeconds(30));
        assertThat(reset.check().consecutiveFailures()).isZero();
        Check failing = reset.check();
        for (int i = 1; i <= 2; i++) {
            failing = ping(failing, Action.FAIL, T0.plusSeconds(30 + i));
        }
        CheckRules.Outcome third = CheckRules.ping(failing, Action.FAIL, null, T0.plusSeconds(40));
        assertThat(third.flip()).isEqualTo(new CheckRules.Flip("up", "down", "fail", T0.plusSeconds(40)));
        assertThat(third.check().downReason()).isEqualTo("fail");
        assertThat(CheckRules.ping(third.check(), Action.FAIL, null, T0.plusSeconds(50)).flip()).isNull();
        assertThat(CheckBook.alertFor(third.flip())).isEqualTo("raise");
        CheckRules.Outcome recovered = CheckRules.ping(third.check(), Action.SUCCESS, null, T0.plusSeconds(60));
        assertThat(CheckBook.alertFor(recovered.flip())).isEqualTo("resolve");
    }

    @Test
    void aDefaultCheckIsDownAtTheFirstFailureAsHealthchecksIo() {
        Check up = ping(simple(Duration.ofHours(1), Duration.ofMinutes(5)), Action.SUCCESS, T0);
        assertThat(CheckRules.ping(up, Action.FAIL, null, T0.plusSeconds(1)).flip().to()).isEqualTo("down");
    }

    @Test
    void logPingsChangeNothingButAreCounted() {
        Check up = ping(simple(Duration.ofHours(1), Duration.ofMinutes(5)), Action.SUCCESS, T0);
        CheckRules.Outcome log = CheckRules.ping(up, Action.LOG, null, T0.plusSeconds(3000));
        assertThat(log.check().lastPing()).isEqualTo(T0);
        assertThat(log.check().pings()).isEqualTo(2);
        assertThat(log.total()).isZero();
    }

    @Test
    void pausedIsNotWatchedAndAPingResumesIt() {
        Check up = ping(simple(Duration.ofHours(1), Duration.ofMinutes(5)), Action.SUCCESS, T0);
        CheckRules.Outcome paused = CheckRules.pause(up, T0.plusSeconds(5));
        assertThat(paused.flip().to()).isEqualTo("paused");
        assertThat(paused.check().alertAfter()).isNull();
        assertThat(CheckRules.status(paused.check(), T0.plus(Duration.ofDays(3)), true)).isEqualTo("paused");
        CheckRules.Outcome pinged = CheckRules.ping(paused.check(), Action.SUCCESS, null, T0.plus(Duration.ofDays(3)));
        assertThat(pinged.flip()).isEqualTo(new CheckRules.Flip("paused", "up", "success", T0.plus(Duration.ofDays(3))));
    }

    @Test
    void withManualResumePingsAreIgnoredUntilAResumeMakesItNew() {
        Check down = CheckRules.due(ping(check(new CheckSchedule.Simple(Duration.ofHours(1)), Duration.ofMinutes(5), null,
                1, true), Action.SUCCESS, T0), T0.plus(Duration.ofHours(2))).check();
        CheckRules.Outcome paused = CheckRules.pause(down, T0.plus(Duration.ofHours(3)));
        assertThat(CheckBook.alertFor(paused.flip())).isEqualTo("resolve");
        CheckRules.Outcome ignored = CheckRules.ping(paused.check(), Action.SUCCESS, null, T0.plus(Duration.ofHours(4)));
        assertThat(ignored.action()).isEqualTo(Action.IGN);
        assertThat(ignored.flip()).isNull();
        assertThat(ignored.check().status()).isEqualTo("paused");
        assertThat(ignored.check().pings()).isEqualTo(paused.check().pings() + 1);
        CheckRules.Outcome resumed = CheckRules.resume(ignored.check(), T0.plus(Duration.ofHours(5)));
        assertThat(resumed.flip()).isEqualTo(new CheckRules.Flip("paused", "new", "resumed", T0.plus(Duration.ofHours(5))));
        assertThat(CheckRules.ping(resumed.check(), Action.SUCCESS, null, T0.plus(Duration.ofHours(6))).check().status())
                .isEqualTo("up");
    }

    @Test
    void badSchedulesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> CheckSchedule.Cron.of("61 * * * *", "UTC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckSchedule.Cron.of("* * * * *", "Mars/Olympus")).hasMessageContaining("tz");
        assertThatThrownBy(() -> CheckSchedule.Cron.of("* * *", "UTC")).isInstanceOf(IllegalArgumentException.class);
    }
}
