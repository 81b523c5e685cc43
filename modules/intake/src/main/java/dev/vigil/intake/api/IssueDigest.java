package dev.vigil.intake.api;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Daily counts for the ops digest: per app and day (in UTC or a named zone), new reports and new groups. */
public interface IssueDigest {

    record DailyCount(String appId, LocalDate day, long newReports, long newGroups) {
    }

    /** Apps with any new report or group on that UTC day, ordered by app id. */
    default List<DailyCount> daily(LocalDate day) {
        return daily(day, ZoneOffset.UTC);
    }

    /** Apps with any new report or group on that day in {@code zone} (23 or 25 hours on a DST night), by app id. */
    List<DailyCount> daily(LocalDate day, ZoneId zone);
}
