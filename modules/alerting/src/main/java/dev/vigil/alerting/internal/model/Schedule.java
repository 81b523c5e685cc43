package dev.vigil.alerting.internal.model;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * When a recurring maintenance window is open, in a named time zone: on some weekdays between two
 * wall-clock times (an end at or before the start runs past midnight into the next day), or from
 * each time a cron expression (Unix, five fields, read by cron-utils) names for a duration. Wall
 * times that a daylight-saving change skips or repeats resolve as {@link ZonedDateTime#of} does:
 * a skipped time moves forward by the gap, a repeated one takes the earlier offset.
 */
public sealed interface Schedule {

    /** The end of the occurrence open at {@code now}, or empty when none is. */
    Optional<Instant> openUntil(Instant now);

    record Weekly(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) implements Schedule {

        @Override
        public Optional<Instant> openUntil(Instant now) {
            LocalDate today = now.atZone(zone).toLocalDate();
            for (LocalDate day : new LocalDate[] {today, today.minusDays(1)}) {
                if (!days.contains(day.getDayOfWeek())) {
                    continue;
                }
                ZonedDateTime opens = ZonedDateTime.of(day, start, zone);
                ZonedDateTime closes = ZonedDateTime.of(end.isAfter(start) ? day : day.plusDays(1), end, zone);
                if (!now.isBefore(opens.toInstant()) && now.isBefore(closes.toInstant())) {
                    return Optional.of(closes.toInstant());
                }
            }
            return Optional.empty();
        }
    }

    record Cron(String expression, Duration duration, ZoneId zone, ExecutionTime times) implements Schedule {

        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        /** @throws IllegalArgumentException for an expression cron-utils does not read as Unix cron */
        public static Cron of(String expression, Duration duration, ZoneId zone) {
            try {
                return new Cron(expression, duration, zone, ExecutionTime.forCron(PARSER.parse(expression)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cron is a Unix cron expression of five fields, like '0 22 * * 1-5' ("
                        + e.getMessage() + ")");
            }
        }

        @Override
        public Optional<Instant> openUntil(Instant now) {
            ZonedDateTime at = now.atZone(zone);
            Optional<ZonedDateTime> last = times.isMatch(at.withSecond(0).withNano(0)) ? Optional.of(at.withSecond(0).withNano(0))
                    : times.lastExecution(at);
            return last.map(opened -> opened.toInstant().plus(duration)).filter(now::isBefore);
        }
    }
}
