package dev.vigil.web.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.kernel.api.AppScope;
import dev.vigil.intake.internal.issues.IssueQueries;
import dev.vigil.intake.internal.issues.ReportStore;
import dev.vigil.kernel.api.Ids;
import dev.vigil.testing.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * App-owned rows are scoped in the data layer: a read made as app A with no app filter at all (or
 * one that asks for app B outright) sees none of app B's reports or groups.
 */
@ExtendWith(ArquillianExtension.class)
class AppScopedRowsIT {

    private static final IssueQueries.Filter EVERYTHING = new IssueQueries.Filter(null, null, null, null, null, null);

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(AppScopedRowsIT.class);
    }

    @Inject
    IssueQueries queries;

    @Inject
    ReportStore reports;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private final String appA = Ids.newId();
    private final String appB = Ids.newId();
    private String groupA;
    private String groupB;
    private String reportA;
    private String reportB;

    @BeforeEach
    void twoAppsWithAReportEach() throws SQLException {
        long now = System.currentTimeMillis();
        groupA = group(appA, now);
        groupB = group(appB, now);
        reportA = report(appA, groupA, now);
        reportB = report(appB, groupB, now);
    }

    @Test
    void anAppsUnfilteredReadSeesItsOwnRowsOnly() throws SQLException {
        AppScope asA = AppScope.app(appA);
        Set<String> apps = queries.reports(asA, EVERYTHING, IssueQueries.MAX_PAGE, null).items().stream()
                .map(IssueQueries.ReportRow::appId).collect(Collectors.toSet());
        assertEquals(Set.of(appA), apps);
        assertEquals(Set.of(appA), queries.groups(asA, EVERYTHING, IssueQueries.MAX_PAGE, null).items().stream()
                .map(IssueQueries.GroupRow::appId).collect(Collectors.toSet()));
    }

    @Test
    void anAppAskingForAnotherAppsRowsGetsNone() throws SQLException {
        AppScope asA = AppScope.app(appA);
        var forB = new IssueQueries.Filter(appB, null, null, null, null, null);
        assertEquals(List.of(), queries.reports(asA, forB, IssueQueries.MAX_PAGE, null).items());
        assertEquals(List.of(), queries.groups(asA, forB, IssueQueries.MAX_PAGE, null).items());
        assertTrue(queries.group(asA, groupB).isEmpty());
        assertTrue(reports.byId(asA, reportB).isEmpty());
    }

    @Test
    void eachAppStillSeesItsOwnAndUsersSeeBoth() throws SQLException {
        assertEquals(appA, reports.byId(AppScope.app(appA), reportA).orElseThrow().appId());
        assertEquals(appB, reports.byId(AppScope.app(appB), reportB).orElseThrow().appId());
        assertTrue(queries.group(AppScope.app(appB), groupB).isPresent());
        assertTrue(reports.byId(AppScope.EVERY_APP, reportA).isPresent());
        assertTrue(reports.byId(AppScope.EVERY_APP, reportB).isPresent());
    }

    private String group(String app, long now) throws SQLException {
        String id = Ids.newId();
        update("insert into intake_group (id, app_id, fingerprint, title, status, first_seen, last_seen, report_count)"
                + " values (?, ?, ?, 'scope test', 'new', ?, ?, 1)", id, app, Ids.newId(), now, now);
        return id;
    }

    private String report(String app, String group, long now) throws SQLException {
        String id = Ids.newId();
        update("insert into intake_report (id, app_id, group_id, received_at, summary, redactions, body)"
                + " values (?, ?, ?, ?, 'scope test', 0, '{}')", id, app, group, now);
        return id;
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}
