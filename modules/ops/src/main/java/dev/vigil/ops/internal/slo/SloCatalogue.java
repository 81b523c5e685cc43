package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Seed 002's SLO catalogue. Vigil's own API latency (95 % of {@code /api/v1/*} requests within
 * 400 ms, seed 002's "p95 ≤ 400 ms") and availability (99.9 % non-5xx per calendar month) are
 * created once, on a new install's first start; an admin may change or remove them, and they do not
 * come back. For an app, crash-free sessions (99.5 %) and sync freshness (syncs within 2 minutes,
 * 99 %) read the app's client telemetry (ingest): its sessions and its sync-lag samples.
 */
@ApplicationScoped
public class SloCatalogue {

    static final String LATENCY = "vigil-api-latency";
    static final String AVAILABILITY = "vigil-api-availability";
    private static final Logger LOG = Logger.getLogger(SloCatalogue.class.getName());

    @Inject
    SloBook book;

    void onSchemaReady(@Observes SchemaReady ready) {
        try {
            List<String> created = book.installDefaults(own());
            if (!created.isEmpty()) {
                LOG.info(() -> "Created the default SLOs " + created + " (seed 002's API latency and availability)");
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Default SLOs not created (enable them with POST /api/v1/admin/slos/catalogue): " + e);
        }
    }

    /** Creates the catalogue's SLOs not there yet (by name); answers what it created and what existed. */
    Map<String, Object> enable(String app) {
        List<SloSpec> specs = new ArrayList<>(own());
        if (app != null) {
            specs.add(spec("crash-free-sessions-" + app, "Crash-free sessions of app " + app + " (seed 002: at least 99.5 %;"
                    + " its telemetry's sessions by the minute they ended, good = not crashed)", Json.createObjectBuilder()
                            .add("kind", Sli.CRASH_FREE_SESSIONS).build(), 99.5, "30d", app));
            specs.add(spec("sync-freshness-" + app, "Syncs of app " + app + " within 2 minutes (seed 002: sync lag"
                    + " under 2 min; its telemetry's sync.lag_ms samples, good = within vigil.ingest.sync-fresh-within)",
                    Json.createObjectBuilder().add("kind", Sli.SYNC_FRESHNESS).build(), 99.0, "30d", app));
        }
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (SloSpec spec : specs) {
            if (book.list().stream().anyMatch(r -> r.slo().name().equals(spec.name()))) {
                existing.add(spec.name());
            } else {
                book.create(spec);
                created.add(spec.name());
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created", created);
        view.put("existing", existing);
        return view;
    }

    static List<SloSpec> own() {
        return List.of(
                spec(LATENCY, "Vigil's API: 95 % of /api/v1/* requests within 400 ms (seed 002: p95 <= 400 ms)",
                        Json.createObjectBuilder().add("kind", Sli.HTTP_LATENCY).add("route", "/api/v1/*")
                                .add("threshold_ms", 400).build(), 95.0, "30d", null),
                spec(AVAILABILITY, "Vigil's API: 99.9 % of /api/v1/* requests not 5xx per calendar month (seed 002)",
                        Json.createObjectBuilder().add("kind", Sli.HTTP_AVAILABILITY).add("route", "/api/v1/*").build(),
                        99.9, "month", null));
    }

    private static SloSpec spec(String name, String description, JsonObject sli, double objective, String period,
            String app) {
        var json = Json.createObjectBuilder().add("name", name).add("owner", "vigil").add("description", description)
                .add("sli", sli).add("objective", objective).add("period", period);
        if (app != null) {
            json.add("app", app);
        }
        return SloSpec.of(json.build());
    }
}
