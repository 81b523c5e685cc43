package dev.vigil.resilience.internal.drill;

import dev.vigil.resilience.api.QueuedJob;
import dev.vigil.resilience.api.ServerName;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What the two drill kinds share: their payload and the record of a run. */
final class Drills {

    static final String NOOP_KIND = "drill";
    static final String HTTP_KIND = "drill-http";

    private Drills() {
    }

    /** Looked up once: {@code Json.createReader} finds the provider again on every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(null);

    static JsonObject payload(QueuedJob job) {
        try (var reader = READERS.createReader(new StringReader(job.payload()))) {
            return reader.readObject();
        }
    }

    /** One row per execution: a job run twice shows as two rows. */
    static void record(DataSource dataSource, QueuedJob job) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into resilience_drill_run"
                     + " (job_id, drill_id, server_name, attempt, done_at) values (?, ?, ?, ?, ?)")) {
            insert.setString(1, job.id());
            insert.setString(2, job.partitionKey());
            insert.setString(3, ServerName.get());
            insert.setInt(4, job.attempt());
            insert.setLong(5, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }
}
