package dev.vigil.web.resilience;

import dev.vigil.resilience.events.DependencyStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the {@link DependencyStateChanged} events the registry fires, as alerting will observe them. */
@ApplicationScoped
public class StateChanges {

    private final List<DependencyStateChanged> seen = new CopyOnWriteArrayList<>();

    void observe(@Observes DependencyStateChanged change) {
        seen.add(change);
    }

    public List<String> transitions(String dependency) {
        return seen.stream().filter(c -> c.dependency().equals(dependency)).map(c -> c.from() + "->" + c.to()).toList();
    }
}
