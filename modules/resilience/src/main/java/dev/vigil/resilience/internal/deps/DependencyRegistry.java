package dev.vigil.resilience.internal.deps;

import dev.vigil.kernel.api.SchemaReady;
import dev.vigil.resilience.api.BreakerState;
import dev.vigil.resilience.api.Dependencies;
import dev.vigil.resilience.api.Dependency;
import dev.vigil.resilience.api.DependencyUnavailable;
import dev.vigil.resilience.events.DependencyStateChanged;
import dev.vigil.resilience.internal.OneLine;
import dev.vigil.resilience.api.ServerName;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Every outbound call goes through here, and here each dependency's breaker is watched. MP Fault
 * Tolerance 4.0 has no listener API, so the state is read from its own base-scope gauges
 * ({@code ft.circuitbreaker.state.total}, nanoseconds spent in each state): read twice, the state
 * the breaker is in is the one whose total grew. It is read after every call, the only moments a
 * breaker changes (half-open happens lazily, when a call arrives after the delay); a rejected call
 * says "open" at once.
 *
 * <p>A transition is written to {@code resilience_dependency_state} (this server's row), counted in
 * {@code vigil_dependency_state} and fired as {@link DependencyStateChanged}, in order, on one
 * thread of its own, so a slow database or observer never holds up the call.
 */
@ApplicationScoped
public class DependencyRegistry implements Dependencies {

    private static final Logger LOG = Logger.getLogger(DependencyRegistry.class.getName());
    private static final Metadata STATE = Metadata.builder().withName("vigil_dependency_state")
            .withDescription("1 for the state each dependency's breaker is in on this server (closed, open, half-open), else 0").build();
    private static final Metadata CALLS = Metadata.builder().withName("vigil_dependency_calls")
            .withDescription("Outbound calls per dependency and outcome on this server: succeeded, failed, rejected (breaker open), busy (bulkhead full)").build();
    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    @Inject
    Instance<Dependency> beans;

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    @Inject
    @RegistryScope(scope = MetricRegistry.BASE_SCOPE)
    MetricRegistry base;

    @Inject
    Event<DependencyStateChanged> changes;

    @Inject
    DependencyStates states;

    @Resource
    ManagedThreadFactory threads;

    private final Map<String, Watched> watched = new TreeMap<>();
    private ExecutorService announcer;

    /** One dependency as this server sees it. */
    final class Watched {
        final String name;
        final Dependency bean;
        final String method;
        final Duration openDelay;
        BreakerState state = BreakerState.CLOSED;
        Instant since = Instant.now();
        long failures;
        String lastFailure;
        Instant lastFailureAt;

        Watched(String name, Dependency bean, Class<?> beanClass) {
            this.name = name;
            this.bean = bean;
            this.method = beanClass.getName() + ".call";
            this.openDelay = delay(beanClass);
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(name, state, since, failures, lastFailure, lastFailureAt);
        }
    }

    /** A dependency's state on this server. */
    public record Snapshot(String dependency, BreakerState state, Instant since, long failures, String lastFailure,
            Instant lastFailureAt) {
    }

    @PostConstruct
    void init() {
        announcer = Executors.newSingleThreadExecutor(threads);
        for (Instance.Handle<Dependency> handle : beans.handles()) {
            Dependency bean = handle.get();
            Watched w = new Watched(bean.name(), bean, handle.getBean().getBeanClass());
            watched.put(w.name, w);
            for (BreakerState s : BreakerState.values()) {
                metrics.gauge(STATE, w, x -> x.state == s ? 1 : 0, new Tag("dependency", w.name), new Tag("state", s.label()));
            }
        }
    }

    /** Once the schema is there, this server's rows say closed: a restarted server's breakers start closed. */
    void schemaReady(@Observes SchemaReady ready) {
        for (Watched w : watched.values()) {
            Snapshot s = w.snapshot();
            announcer.execute(() -> states.write(ServerName.get(), s));
        }
    }

    @PreDestroy
    void stop() {
        announcer.shutdown();
    }

    @Override
    public <T> T call(String dependency, Callable<T> work) throws Exception {
        Watched w = find(dependency);
        try {
            T result = w.bean.call(work);
            after(w, null, "succeeded");
            return result;
        } catch (CircuitBreakerOpenException e) {
            observe(w, null, "rejected"); // open, or half-open with its trial calls taken
            throw new DependencyUnavailable(w.name, DependencyUnavailable.Reason.BREAKER_OPEN, w.openDelay, e);
        } catch (BulkheadException e) {
            after(w, e, "busy");
            throw new DependencyUnavailable(w.name, DependencyUnavailable.Reason.BULKHEAD_FULL, BUSY_RETRY_AFTER, e);
        } catch (Exception | Error e) {
            after(w, e, "failed");
            throw e;
        }
    }

    @Override
    public BreakerState state(String dependency) {
        return find(dependency).snapshot().state();
    }

    public List<Snapshot> snapshots() {
        return watched.values().stream().map(Watched::snapshot).toList();
    }

    public List<String> names() {
        return List.copyOf(watched.keySet());
    }

    private Watched find(String dependency) {
        Watched w = watched.get(dependency);
        if (w == null) {
            throw new IllegalArgumentException("No dependency named '" + dependency + "'");
        }
        return w;
    }

    private void after(Watched w, Throwable failure, String outcome) {
        observe(w, failure, outcome);
    }

    /**
     * Reads the breaker's state and applies it under the dependency's lock, and queues the
     * announcement there too: a call that read an older state cannot overwrite a newer one, and
     * transitions are written and fired in the order they were seen.
     */
    private void observe(Watched w, Throwable failure, String outcome) {
        metrics.counter(CALLS, new Tag("dependency", w.name), new Tag("outcome", outcome)).inc();
        synchronized (w) {
            BreakerState from = w.state;
            if (failure != null) {
                w.failures++;
                String message = failure.getMessage();
                w.lastFailure = OneLine.of(failure.getClass().getSimpleName() + (message == null ? "" : ": " + message), 500);
                w.lastFailureAt = Instant.now();
            }
            BreakerState now = current(w);
            if (now == null && "rejected".equals(outcome)) {
                now = BreakerState.OPEN;
            }
            if (now == null || now == from) {
                return;
            }
            w.state = now;
            w.since = Instant.now();
            Snapshot s = w.snapshot();
            LOG.warning(() -> "Dependency " + w.name + " on " + ServerName.get() + ": breaker " + from.label() + " -> "
                    + s.state().label() + (s.lastFailure() == null ? "" : " (last failure: " + s.lastFailure() + ")"));
            announcer.execute(() -> {
                states.write(ServerName.get(), s);
                changes.fire(new DependencyStateChanged(ServerName.get(), w.name, from.label(), s.state().label(),
                        s.since(), s.lastFailure()));
            });
        }
    }

    /** The breaker's state from MP FT's gauges; null when they cannot tell (not registered yet). */
    private BreakerState current(Watched w) {
        long[] first = totals(w);
        long[] second = totals(w);
        if (first == null || second == null) {
            return null;
        }
        BreakerState[] order = {BreakerState.CLOSED, BreakerState.OPEN, BreakerState.HALF_OPEN};
        for (int i = 0; i < order.length; i++) {
            if (second[i] > first[i]) {
                return order[i];
            }
        }
        return null;
    }

    private long[] totals(Watched w) {
        String[] names = {"closed", "open", "halfOpen"};
        long[] totals = new long[3];
        for (int i = 0; i < 3; i++) {
            var gauge = base.getGauge(new MetricID("ft.circuitbreaker.state.total", new Tag("method", w.method),
                    new Tag("state", names[i])));
            if (gauge == null) {
                return null;
            }
            totals[i] = gauge.getValue().longValue();
        }
        return totals;
    }

    /** The breaker's delay as MP FT resolves it: method, class, then global key, then the annotation. */
    private Duration delay(Class<?> beanClass) {
        for (String key : List.of(beanClass.getName() + "/call/CircuitBreaker/delay",
                beanClass.getName() + "/CircuitBreaker/delay", "CircuitBreaker/delay")) {
            var value = config.getOptionalValue(key, Long.class);
            if (value.isPresent()) {
                return Duration.ofMillis(value.get());
            }
        }
        for (Method m : beanClass.getMethods()) {
            CircuitBreaker breaker = m.getAnnotation(CircuitBreaker.class);
            if (m.getName().equals("call") && breaker != null) {
                return Duration.of(breaker.delay(), breaker.delayUnit());
            }
        }
        return Duration.ofSeconds(5);
    }
}
