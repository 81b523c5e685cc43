package dev.vigil.alerting.internal.store;

import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.model.MuteDefinitions;
import dev.vigil.alerting.internal.model.Mutes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Logger;

/** Reads what mutes alerts now, for one pass of the notifier. */
public final class MuteStore {

    private static final Logger LOG = Logger.getLogger(MuteStore.class.getName());
    /** Inhibition sources read at most: the firing alerts a pass compares against. */
    public static final int MAX_SOURCES = 10_000;

    private final Connection c;

    public MuteStore(Connection connection) {
        this.c = connection;
    }

    public Mutes load(long now, Predicate<String> breakerOpen, long recheckMillis) throws SQLException {
        List<Mutes.Silence> silences = new ArrayList<>();
        List<Mutes.Window> windows = new ArrayList<>();
        List<Mutes.Inhibition> inhibitions = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select id, kind, definition, starts_at, ends_at from alerting_mute"
                + " where kind <> 'silence' or ends_at > ?")) {
            select.setLong(1, now);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    try {
                        JsonObject definition = read(rs.getString(3));
                        switch (rs.getString(2)) {
                            case "silence" -> silences.add(new Mutes.Silence(id,
                                    MuteDefinitions.matchers(definition, "matchers", true), rs.getLong(4), rs.getLong(5)));
                            case "window" -> windows.add(MuteDefinitions.window(id, definition));
                            case "inhibition" -> inhibitions.add(MuteDefinitions.inhibition(id, definition));
                            default -> LOG.warning("Unknown mute kind " + rs.getString(2) + " of " + id);
                        }
                    } catch (RuntimeException e) {
                        LOG.warning("Mute " + id + " no longer reads and is left out: " + e.getMessage());
                    }
                }
            }
        }
        List<Map<String, String>> firing = new ArrayList<>();
        if (!inhibitions.isEmpty()) {
            try (PreparedStatement select = c.prepareStatement("select labels from alerting_alert"
                    + " where state in ('firing', 'acknowledged')")) {
                select.setMaxRows(MAX_SOURCES);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        firing.add(JsonMaps.read(rs.getString(1)));
                    }
                }
            }
        }
        return new Mutes(silences, windows, inhibitions, firing, breakerOpen, recheckMillis);
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
