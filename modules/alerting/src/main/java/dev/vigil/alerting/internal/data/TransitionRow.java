package dev.vigil.alerting.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One change of an alert's state ({@code alerting_transition}). */
@Entity
@Table(name = "alerting_transition")
public class TransitionRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "alert_id", nullable = false, length = 36)
    String alertId;

    @Column(name = "from_state", length = 16)
    String fromState;

    @Column(name = "to_state", nullable = false, length = 16)
    String toState;

    @Column(nullable = false)
    long at;

    @Column(nullable = false, length = 200)
    String actor;

    @Column(length = 1000)
    String note;

    public record View(String from, String to, Instant at, String actor, String note) {
    }

    View view() {
        return new View(fromState, toState, Instant.ofEpochMilli(at), actor, note);
    }
}
