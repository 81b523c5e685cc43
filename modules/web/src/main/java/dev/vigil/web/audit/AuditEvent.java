package dev.vigil.web.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One admin action: who did what to which target, and when. Never holds a secret. */
@Entity
@Table(name = "web_audit_event")
public class AuditEvent {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false, length = 200)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(nullable = false, length = 200)
    private String target;

    @Column(length = 1000)
    private String detail;

    protected AuditEvent() {
    }

    AuditEvent(String id, Instant occurredAt, String actor, String action, String target, String detail) {
        this.id = id;
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.detail = detail;
    }

    AuditLog.Entry toEntry() {
        return new AuditLog.Entry(id, occurredAt, actor, action, target, detail);
    }
}
