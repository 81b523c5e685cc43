package dev.vigil.alerting.internal.channels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every kind of channel, by its type. */
@ApplicationScoped
public class ChannelKinds {

    @Inject
    Instance<ChannelKind> kinds;

    private volatile Map<String, ChannelKind> byType;

    public Optional<ChannelKind> of(String type) {
        return Optional.ofNullable(all().get(type));
    }

    /** The types, sorted, for an error message. */
    public String types() {
        return String.join(", ", all().keySet());
    }

    private Map<String, ChannelKind> all() {
        Map<String, ChannelKind> found = byType;
        if (found == null) {
            found = new TreeMap<>();
            for (ChannelKind kind : kinds) {
                found.put(kind.type(), kind);
            }
            byType = found;
        }
        return found;
    }
}
