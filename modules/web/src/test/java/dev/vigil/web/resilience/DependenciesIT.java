package dev.vigil.web.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.resilience.api.BreakerState;
import dev.vigil.resilience.api.Dependencies;
import dev.vigil.resilience.api.DependencyUnavailable;
import dev.vigil.testing.Deployments;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dependency's breaker walked call by call through MicroProfile Fault Tolerance (closed, open,
 * half-open, closed), as the registry reports it after each call, and its transitions written,
 * counted and fired; a bulkhead under 100 concurrent calls.
 */
@ExtendWith(ArquillianExtension.class)
class DependenciesIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(DependenciesIT.class, TableDependency.class, NarrowDependency.class, StateChanges.class);
    }

    @Inject
    Dependencies dependencies;

    @Inject
    StateChanges changes;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private final AtomicInteger invoked = new AtomicInteger();

    private String ok() throws Exception {
        return dependencies.call("test-table", () -> {
            invoked.incrementAndGet();
            return "ok";
        });
    }

    private void failing() {
        Exception failure = assertThrows(Exception.class, () -> dependencies.call("test-table", () -> {
            invoked.incrementAndGet();
            throw new IllegalStateException("receiver down");
        }));
        assertInstanceOf(IllegalStateException.class, failure, "the work's own exception comes through");
    }

    private BreakerState state() {
        return dependencies.state("test-table");
    }

    @Test
    void theBreakerWalksClosedOpenHalfOpenClosedCallByCall() throws Exception {
        // Closed: 4 calls make the window; 2 failures of 4 reach the ratio (0.5) on the 4th.
        assertEquals("ok", ok());
        assertEquals(BreakerState.CLOSED, state(), "call 1: ok");
        failing();
        assertEquals(BreakerState.CLOSED, state(), "call 2: failed, window not full");
        assertEquals("ok", ok());
        assertEquals(BreakerState.CLOSED, state(), "call 3: ok");
        failing();
        assertEquals(BreakerState.OPEN, state(), "call 4: failed, 2 of 4 failed: open");

        // Open: the call is refused without running the work, and says how long to wait.
        int before = invoked.get();
        DependencyUnavailable refused = assertThrows(DependencyUnavailable.class, this::ok);
        assertEquals(DependencyUnavailable.Reason.BREAKER_OPEN, refused.reason());
        assertEquals(1_000, refused.retryAfter().toMillis(), "the breaker's delay");
        assertEquals(before, invoked.get(), "an open breaker does not call");
        assertEquals(BreakerState.OPEN, state(), "call 5: refused");

        // Half-open once the delay has passed: the next call goes through; 2 successes close it.
        awaitTrue("the breaker lets a call through after its delay", () -> {
            try {
                ok();
                return true;
            } catch (DependencyUnavailable stillOpen) {
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(BreakerState.HALF_OPEN, state(), "first call after the delay: half-open, 1 of 2 successes");
        assertEquals("ok", ok());
        assertEquals(BreakerState.CLOSED, state(), "second success: closed");

        assertEquals(List.of("closed->open", "open->half-open", "half-open->closed"),
                awaitTransitions("test-table", 3), "DependencyStateChanged, in order");
        awaitTrue("this server's row says closed", () -> "closed".equals(storedState("test-table")));
        assertEquals(1L, gauge("test-table", "closed"));
        assertEquals(0L, gauge("test-table", "open"));
    }

    @Test
    void aBulkheadLetsFiveOfAHundredConcurrentCallsInAndRefusesTheRestAtOnce() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(100);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(callers.submit(() -> {
                    start.await();
                    try {
                        return dependencies.call("test-narrow", () -> {
                            admitted.incrementAndGet();
                            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            try {
                                release.await(15, TimeUnit.SECONDS);
                            } finally {
                                inFlight.decrementAndGet();
                            }
                            return "done";
                        });
                    } catch (DependencyUnavailable busy) {
                        assertEquals(DependencyUnavailable.Reason.BULKHEAD_FULL, busy.reason());
                        refused.incrementAndGet();
                        return "refused";
                    }
                }));
            }
            start.countDown();
            awaitTrue("95 calls refused while 5 are held", () -> refused.get() == 95);
            assertEquals(5, admitted.get(), "admitted while the first five are held");
            release.countDown();
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
        assertEquals(5, mostInFlight.get(), "never more in flight than the bulkhead");
        assertEquals(95, refused.get());
        assertEquals(BreakerState.CLOSED, dependencies.state("test-narrow"), "no breaker on this one");
    }

    private List<String> awaitTransitions(String dependency, int count) {
        awaitTrue(count + " transitions fired", () -> changes.transitions(dependency).size() >= count);
        return changes.transitions(dependency);
    }

    private long gauge(String dependency, String state) {
        var gauge = metrics.getGauge(new MetricID("vigil_dependency_state", new Tag("dependency", dependency),
                new Tag("state", state)));
        return gauge.getValue().longValue();
    }

    private String storedState(String dependency) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "select state from resilience_dependency_state where dependency = ?")) {
            select.setString(1, dependency);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls a condition every 20 ms until it holds; fails after 10 s. */
    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
