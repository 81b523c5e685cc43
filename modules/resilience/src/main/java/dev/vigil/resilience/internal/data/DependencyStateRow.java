package dev.vigil.resilience.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A dependency's breaker on one server ({@code resilience_dependency_state}), as last written. */
@Entity
@Table(name = "resilience_dependency_state")
@IdClass(DependencyStateRow.Key.class)
public class DependencyStateRow {

    @Id
    @Column(name = "server_name", length = 200)
    String serverName;

    @Id
    @Column(length = 64)
    String dependency;

    @Column(nullable = false, length = 16)
    String state;

    @Column(nullable = false)
    long since;

    @Column(nullable = false)
    long failures;

    @Column(name = "last_failure", length = 500)
    String lastFailure;

    @Column(name = "last_failure_at")
    Long lastFailureAt;

    @Column(name = "updated_at", nullable = false)
    long updatedAt;

    /** One server's view of a dependency. */
    public record View(String server, String dependency, String state, Instant since, long failures,
            String lastFailure, Instant lastFailureAt, Instant updatedAt) {
    }

    View view() {
        return new View(serverName, dependency, state, Instant.ofEpochMilli(since), failures, lastFailure,
                lastFailureAt == null ? null : Instant.ofEpochMilli(lastFailureAt), Instant.ofEpochMilli(updatedAt));
    }

    /** The composite key: server and dependency. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        String serverName;
        String dependency;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(serverName, k.serverName)
                    && Objects.equals(dependency, k.dependency);
        }

        @Override
        public int hashCode() {
            return Objects.hash(serverName, dependency);
        }
    }
}
