package dev.vigil.intake.api;

import java.time.LocalDate;
import java.util.List;

/** Daily counts for the ops digest: per app and UTC day, new reports and new groups. */
public interface IssueDigest {

    record DailyCount(String appId, LocalDate day, long newReports, long newGroups) {
    }

    /** Apps with any new report or group on that UTC day, ordered by app id. */
    List<DailyCount> daily(LocalDate day);
}
