package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.Times;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** Filters and paging of the report and group lists: {@code app, status, appVersion, from, to, q, limit, before}. */
public class ListParams {

    @QueryParam("app")
    @Size(max = 36)
    String app;

    @QueryParam("status")
    @Pattern(regexp = IssueGroupsResource.STATUSES)
    String status;

    @QueryParam("appVersion")
    @Size(max = 64)
    String appVersion;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    @QueryParam("q")
    @Size(max = 200)
    String text;

    @QueryParam("limit")
    @DefaultValue("50")
    int limit;

    @QueryParam("before")
    @Size(max = 100)
    String before;

    IssueQueries.Filter filter() {
        return new IssueQueries.Filter(app, status, appVersion, Times.parse("from", from), Times.parse("to", to), text);
    }

    int limit() {
        return Math.max(1, Math.min(limit, IssueQueries.MAX_PAGE));
    }

    String before() {
        return before;
    }
}
