package dev.vigil.ingest.api;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** The daily digest's upload numbers: per app and kind, the uploads stored and the uploads refused on a day. */
public interface UploadDigest {

    record DailyCount(String appId, String kind, long stored, long failed) {
    }

    /** Apps and kinds with any upload or refused upload on that day in {@code zone}, by app id and kind. */
    List<DailyCount> daily(LocalDate day, ZoneId zone);
}
