package dev.vigil.ops.internal.checks;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * When a check expects its next ping: a period after the last one ({@code simple}), or the next
 * time a Unix cron expression names in a time zone after the last one ({@code cron}, read by
 * cron-utils). Like healthchecks.io, the cron time is found in the zone's local time and turned
 * back into an instant, so across a DST change a daily 09:00 job is expected at the right hour.
 *
 * <p>Across DST changes a job at a set time (minute and hour fields not starting with {@code *}) is
 * expected as Debian's cron runs it, and as healthchecks.io (cronsim) expects it: a time the spring
 * change skips at the first minute after the gap (02:30 becomes 03:00), a time the autumn change
 * repeats once, at its first occurrence. Other jobs (every 30 minutes, every hour) follow real time.
 */
public sealed interface CheckSchedule {

    /** The longest period and grace healthchecks.io accepts (a year), and the shortest from its API (a minute). */
    Duration MAX = Duration.ofDays(365);
    Duration MIN = Duration.ofMinutes(1);

    String kind();

    /** The next expected ping after {@code lastPing}; null when the schedule names no later time. */
    Instant next(Instant lastPing);

    record Simple(Duration timeout) implements CheckSchedule {
        public Simple {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }

        @Override
        public String kind() {
            return "simple";
        }

        @Override
        public Instant next(Instant lastPing) {
            return lastPing.plus(timeout);
        }
    }

    record Cron(String expression, ZoneId zone, ExecutionTime times) implements CheckSchedule {

        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        /** @throws IllegalArgumentException for an expression that is not Unix cron, or a zone that is unknown */
        public static Cron of(String expression, String zone) {
            if (expression == null || expression.isBlank() || expression.length() > 100) {
                throw new IllegalArgumentException("schedule is a Unix cron expression of five fields, at most 100 characters");
            }
            ZoneId zoneId;
            try {
                zoneId = ZoneId.of(zone == null ? "UTC" : zone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("tz is not a known time zone: " + zone);
            }
            ExecutionTime times;
            try {
                times = ExecutionTime.forCron(PARSER.parse(expression.trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("schedule is not a valid cron expression (five fields, like '*/10 * * * *'): "
                        + e.getMessage());
            }
            if (times.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, zoneId)).isEmpty()) {
                throw new IllegalArgumentException("schedule names no time at all");
            }
            return new Cron(expression.trim(), zoneId, times);
        }

        @Override
        public String kind() {
            return "cron";
        }

        @Override
        public Instant next(Instant lastPing) {
            if (!atSetTimes()) {
                return times.nextExecution(lastPing.atZone(zone)).map(ZonedDateTime::toInstant).orElse(null);
            }
            // On the wall clock: the next local time after the ping's, as if the day had no DST change.
            LocalDateTime wall = lastPing.atZone(zone).toLocalDateTime();
            ZoneRules rules = zone.getRules();
            for (int tries = 0; tries < 4; tries++) {
                Optional<ZonedDateTime> next = times.nextExecution(wall.atZone(ZoneOffset.UTC));
                if (next.isEmpty()) {
                    return null;
                }
                LocalDateTime local = next.get().toLocalDateTime();
                for (int i = 0; i < 24 * 60 && rules.getValidOffsets(local).isEmpty(); i++) {
                    local = local.plusMinutes(1); // skipped by the spring change: the first minute after the gap
                }
                // A repeated local time: its first occurrence (the earlier offset), as ofLocal picks by default.
                Instant at = ZonedDateTime.ofLocal(local, zone, null).toInstant();
                if (at.isAfter(lastPing)) {
                    return at;
                }
                // A ping in the repeated hour (02:10 CET) whose next wall time (02:30) first came before it
                // (02:30 CEST): that time is gone, and cron does not run it again; the one after.
                wall = local;
            }
            return null;
        }

        /** Minute and hour both set (not {@code *}, {@code *}{@code /n}): Debian's cron keeps such jobs on the wall clock. */
        private boolean atSetTimes() {
            String[] fields = expression.split("\\s+");
            return !zone.normalized().equals(ZoneOffset.UTC) && fields.length == 5 && !fields[0].startsWith("*")
                    && !fields[1].startsWith("*");
        }
    }
}
