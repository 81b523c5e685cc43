package dev.vigil.alerting.internal.model;

/**
 * When a group is next looked at, with Alertmanager's meanings of its timings: a new group waits
 * {@code groupWait} to gather alerts before its first notification; a change to a group that has
 * notified waits until {@code groupInterval} after its last look; alerts still firing and not
 * acknowledged are notified again after {@code repeatInterval}. Times are epoch milliseconds.
 */
public final class GroupTimer {

    private GroupTimer() {
    }

    /**
     * The group's next look after a change (an alert joined, fired again or resolved).
     *
     * @param next when the group is due now, or null when it is not
     * @param lastFlush the group's last look, or null when it has had none
     */
    public static long onChange(Long next, Long lastFlush, long createdAt, long now, RoutingTree.Timing timing) {
        long candidate = lastFlush == null ? createdAt + timing.groupWait().toMillis()
                : Math.max(now, lastFlush + timing.groupInterval().toMillis());
        return next == null ? candidate : Math.min(next, candidate);
    }

    /**
     * Whether a look notifies: when an alert fires that was not notified firing, an alert resolved
     * that was notified firing, or the repeat interval has passed with alerts still firing.
     */
    public static boolean shouldNotify(boolean newlyFiring, boolean newlyResolved, boolean anyFiring, Long lastNotified,
            long now, RoutingTree.Timing timing) {
        if (newlyFiring || newlyResolved) {
            return true;
        }
        return anyFiring && (lastNotified == null || now >= lastNotified + timing.repeatInterval().toMillis());
    }

    /**
     * The group's next look after this one: the repeat while alerts fire, else none until a change.
     *
     * @param lastNotified the group's last notification, this look's when it notified
     */
    public static Long afterLook(boolean anyFiring, Long lastNotified, long now, RoutingTree.Timing timing) {
        if (!anyFiring) {
            return null;
        }
        return Math.max(now, (lastNotified == null ? now : lastNotified) + timing.repeatInterval().toMillis());
    }
}
