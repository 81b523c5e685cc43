package dev.vigil.web.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.identity.internal.apps.AppKeys;
import dev.vigil.identity.internal.apps.AppRegistry;
import dev.vigil.identity.internal.apps.AppViews;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.testing.Deployments;
import dev.vigil.testing.callers.AsAdmin;
import dev.vigil.web.audit.AuditLog;
import dev.vigil.web.audit.AuditReader;
import dev.vigil.web.persistence.SchemaMigrations;
import jakarta.inject.Inject;
import jakarta.annotation.Resource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Apps and keys against the real database, inside a managed Liberty. */
@ExtendWith(ArquillianExtension.class)
class AppRegistryIT {

    private static final Caller ALICE = Caller.user("alice", Set.of(Caller.Role.ADMIN));

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(AppRegistryIT.class);
    }

    @Inject
    AppRegistry registry;

    @Inject
    AppKeys keys;

    @Inject
    AuditReader audit;

    @Inject
    AsAdmin admin;

    @Inject
    SchemaMigrations schema;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private static String uniqueName() {
        return "app-" + UUID.randomUUID();
    }

    @Test
    void schemaIsAppliedBeforeTheAppServes() {
        assertTrue(schema.applied());
        assertTrue(schema.lastError().isEmpty());
    }

    @Test
    void aNewAppsKeyAuthenticatesAsThatApp() {
        AppViews.CreatedApp app = registry.create(uniqueName(), ALICE);
        Caller caller = keys.authenticate(app.apiKey()).orElseThrow();
        assertEquals(app.id(), caller.appId().orElseThrow());
        assertTrue(caller.isApp());
        assertFalse(caller.isAdmin());
    }

    @Test
    void rotationKeepsTwoLiveKeysAndRevocationIsImmediate() {
        AppViews.CreatedApp app = registry.create(uniqueName(), ALICE);
        AppViews.IssuedKey second = registry.issueKey(app.id(), ALICE);
        assertTrue(keys.authenticate(app.apiKey()).isPresent());
        assertTrue(keys.authenticate(second.apiKey()).isPresent());

        assertThrows(VigilException.class, () -> registry.issueKey(app.id(), ALICE));

        String firstKeyId = registry.get(app.id()).keys().get(0).keyId();
        registry.revokeKey(app.id(), firstKeyId, ALICE);
        assertTrue(keys.authenticate(app.apiKey()).isEmpty());
        assertTrue(keys.authenticate(second.apiKey()).isPresent());
        registry.issueKey(app.id(), ALICE);
    }

    @Test
    void aKeyOfAnotherAppCannotBeRevokedThroughThisOne() {
        AppViews.CreatedApp a = registry.create(uniqueName(), ALICE);
        AppViews.CreatedApp b = registry.create(uniqueName(), ALICE);
        String keyOfB = registry.get(b.id()).keys().get(0).keyId();
        VigilException e = assertThrows(VigilException.class, () -> registry.revokeKey(a.id(), keyOfB, ALICE));
        assertEquals("not_found", e.code().code());
        assertTrue(keys.authenticate(b.apiKey()).isPresent());
    }

    @Test
    void onlyTheHashOfTheSecretIsStored() throws SQLException {
        AppViews.CreatedApp app = registry.create(uniqueName(), ALICE);
        String secret = app.apiKey().substring("vgl_".length() + 13);
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement(
                     "select prefix, secret_hash from identity_app_key where app_id = ?")) {
            query.setString(1, app.id());
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertTrue(app.apiKey().contains(row.getString(1)));
                assertFalse(row.getString(2).contains(secret));
                assertEquals(64, row.getString(2).length());
                assertFalse(row.next());
            }
        }
    }

    @Test
    void everyChangeIsAuditedWithTheActor() {
        AppViews.CreatedApp app = registry.create(uniqueName(), ALICE);
        registry.issueKey(app.id(), ALICE);
        List<AuditLog.Entry> entries = admin.call(() -> audit.page(AuditLog.MAX_PAGE, null)).value().stream()
                .filter(e -> e.target().equals("app:" + app.id())).toList();
        assertEquals(List.of("app.key.issued", "app.created"), entries.stream().map(AuditLog.Entry::action).toList());
        assertTrue(entries.stream().allMatch(e -> e.actor().equals("user:alice")));
        assertTrue(entries.stream().noneMatch(e -> e.detail().contains(app.apiKey())));
    }

    @Test
    void aDuplicateNameIsRefusedAndLeavesNoTrace() {
        String name = uniqueName();
        registry.create(name, ALICE);
        int before = registry.list().size();
        assertThrows(VigilException.class, () -> registry.create(name, ALICE));
        assertEquals(before, registry.list().size());
    }
}
