package dev.vigil.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two Vigil servers ({@code vigil-outage} on 19380, {@code vigil-twin} on 19480) on one fresh
 * PostgreSQL schema, started at once, as the multi-server tests run them; closing stops both and
 * drops the schema.
 */
public final class ServerPair implements AutoCloseable {

    public final String schema;
    public final VigilServer first;
    public final VigilServer second;

    private ServerPair(String schema, VigilServer first, VigilServer second) {
        this.schema = schema;
        this.first = first;
        this.second = second;
    }

    /** Both servers ready, with the admin password and {@code env} on top of the database's settings. */
    public static ServerPair start(String schemaPrefix, String adminPassword, Map<String, String> env) {
        String schema = TestDatabase.createSchema(schemaPrefix);
        Map<String, String> all = new HashMap<>(TestDatabase.vigilEnv(schema, null));
        all.put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        all.putAll(env);
        var a = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-outage", 19380, all));
        var b = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-twin", 19480, all));
        ServerPair pair = new ServerPair(schema, a.join(), b.join());
        pair.first.awaitReady(Duration.ofSeconds(90));
        pair.second.awaitReady(Duration.ofSeconds(90));
        return pair;
    }

    @Override
    public void close() {
        first.close();
        second.close();
        TestDatabase.dropSchema(schema);
    }
}
