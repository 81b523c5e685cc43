package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.VigilException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The span an SLO's error budget covers: the last {@code days} days (rolling, 30 by default), or the
 * calendar month so far (UTC), as seed 002's "per calendar month".
 */
public record Period(int days) {

    static final int MONTH = 0;

    public Period {
        if (days != MONTH && (days < 1 || days > 90)) {
            throw VigilException.invalid("period must be 1d .. 90d (rolling) or month (calendar month, UTC)");
        }
    }

    public static Period of(String text) {
        if ("month".equals(text)) {
            return new Period(MONTH);
        }
        if (text == null || !text.matches("\\d{1,2}d")) {
            throw VigilException.invalid("period must be 1d .. 90d (rolling days, e.g. 30d) or month (calendar month, UTC)");
        }
        return new Period(Integer.parseInt(text.substring(0, text.length() - 1)));
    }

    public boolean calendarMonth() {
        return days == MONTH;
    }

    /** The first minute (epoch minutes) of the period that ends just before minute {@code at}. */
    public long from(long at) {
        if (!calendarMonth()) {
            return at - days * 1440L;
        }
        YearMonth month = YearMonth.from(Instant.ofEpochSecond(at * 60).atZone(ZoneOffset.UTC));
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() / 60;
    }

    /** The longest span the period can have, in minutes (for how far back data is read). */
    public int longestMinutes() {
        return calendarMonth() ? 31 * 1440 : days * 1440;
    }

    public String text() {
        return calendarMonth() ? "month" : days + "d";
    }
}
