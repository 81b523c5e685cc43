package dev.vigil.limits.api;

import dev.vigil.limits.internal.quota.LeasedRateLimiter;
import dev.vigil.limits.internal.quota.QuotaStore;
import java.time.Clock;
import javax.sql.DataSource;

/** Builds limiters; Vigil's servers get theirs through CDI, benchmarks and tools through here. */
public final class RateLimiters {

    private RateLimiters() {
    }

    /**
     * The leased limiter on the {@code limits_quota} table of this data source: exact across every
     * limiter that shares the table, with most decisions answered without a database round trip.
     */
    public static RateLimiter leased(DataSource dataSource, Clock clock) {
        return new LeasedRateLimiter(new QuotaStore(dataSource), clock);
    }
}
