package dev.vigil.ops.internal.checks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The management changes that alerting must hear of, shared by the admin API and the v3 API:
 * pausing a down check or deleting one resolves its alert.
 */
@ApplicationScoped
public class ChecksService {

    @Inject
    CheckBook book;

    @Inject
    CheckAlerts alerts;

    public Check pause(String id) {
        CheckBook.Changed changed = book.pause(id);
        alerts.deliver(changed);
        return changed.check();
    }

    public Check resume(String id) {
        CheckBook.Changed changed = book.resume(id);
        alerts.deliver(changed);
        return changed.check();
    }

    public Check delete(String id) {
        Check removed = book.delete(id);
        if (Check.DOWN.equals(removed.status())) {
            alerts.resolveRemoved(removed);
        }
        return removed;
    }
}
