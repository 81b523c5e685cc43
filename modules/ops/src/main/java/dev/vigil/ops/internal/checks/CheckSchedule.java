package dev.vigil.ops.internal.checks;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a check expects its next ping: a period after the last one ({@code simple}), or the next
 * time a Unix cron expression names in a time zone after the last one ({@code cron}, read by
 * cron-utils). Like healthchecks.io, the cron time is found in the zone's local time and turned
 * back into an instant, so across a DST change a daily 02:30 job is expected at the right hour.
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
            return times.nextExecution(lastPing.atZone(zone)).map(ZonedDateTime::toInstant).orElse(null);
        }
    }
}
