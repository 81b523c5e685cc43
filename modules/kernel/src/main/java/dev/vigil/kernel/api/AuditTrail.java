package dev.vigil.kernel.api;

/**
 * The audit log, for every module: who changed what. Implemented by the web module; an entry joins
 * the caller's transaction, so it commits with the change it describes or not at all.
 */
public interface AuditTrail {

    /**
     * @param action what happened, e.g. {@code issue-group.status}
     * @param target the id of what it happened to
     * @param detail a short description; never a secret
     */
    void record(Caller actor, String action, String target, String detail);
}
