package dev.vigil.alerting.internal;

import dev.vigil.alerting.internal.model.RoutingTree;
import dev.vigil.kernel.api.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The alerting module's knobs ({@code vigil.alerting.*}, env {@code VIGIL_ALERTING_*}). A wrong
 * value is logged naming its key and the default is kept.
 * <ul>
 *   <li>{@code dedup-window} (5m): an alert that fires again this soon after it last fired is not notified again;</li>
 *   <li>{@code group-wait} (30s), {@code group-interval} (5m), {@code repeat-interval} (4h),
 *       {@code group-by} (alertname): what the root route uses until the routing document says otherwise;</li>
 *   <li>{@code flush-interval} (1s): how often each server looks for due groups and expired acknowledgements;</li>
 *   <li>{@code ack-default} (24h), {@code ack-max} (30d): how long an acknowledgement holds;</li>
 *   <li>{@code notification-retention} (30d): how long the notification log and resolved alerts are kept;</li>
 *   <li>{@code channel-breaker-failures} (5), {@code channel-breaker-delay} (30s): a channel failing this many
 *       times in a row stops being called for this long (per server), so it holds up no other channel.</li>
 * </ul>
 */
@ApplicationScoped
public class AlertingSettings {

    private static final Logger LOG = Logger.getLogger(AlertingSettings.class.getName());

    private Duration dedupWindow;
    private RoutingTree.Timing timing;
    private List<String> groupBy;
    private Duration flushInterval;
    private Duration ackDefault;
    private Duration ackMax;
    private Duration retention;
    private int channelBreakerFailures;
    private Duration channelBreakerDelay;
    private Duration signalQuiet;
    private int maxOpenPerApp;
    private int signatureFailures;
    private Duration signatureWindow;
    private Duration readinessEvery;
    private java.time.LocalTime digestAt;
    private java.time.ZoneId digestZone;
    private String digestReceiver;
    private final List<String> problems = new ArrayList<>();

    @PostConstruct
    void read() {
        dedupWindow = duration("dedup-window", Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1));
        timing = new RoutingTree.Timing(
                duration("group-wait", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                duration("group-interval", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)),
                duration("repeat-interval", Duration.ofHours(4), Duration.ofSeconds(1), Duration.ofDays(30)));
        groupBy = text("group-by").map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of("alertname"));
        flushInterval = duration("flush-interval", Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMinutes(1));
        ackDefault = duration("ack-default", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30));
        ackMax = duration("ack-max", Duration.ofDays(30), Duration.ofMinutes(1), Duration.ofDays(365));
        retention = duration("notification-retention", Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(3650));
        channelBreakerFailures = (int) number("channel-breaker-failures", 5, 1, 1000);
        channelBreakerDelay = duration("channel-breaker-delay", Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofHours(1));
        maxOpenPerApp = (int) number("max-open-per-app", 1000, 1, 1_000_000);
        signalQuiet = duration("signals.quiet", Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofDays(1));
        signatureFailures = (int) number("signals.signature-failures", 10, 1, 1_000_000);
        signatureWindow = duration("signals.signature-window", Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofHours(24));
        readinessEvery = duration("signals.readiness-every", Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofHours(1));
        if (signalQuiet.compareTo(readinessEvery.multipliedBy(2)) <= 0) {
            problems.add("vigil.alerting.signals.quiet (" + signalQuiet + ") must be longer than twice"
                    + " vigil.alerting.signals.readiness-every (" + readinessEvery + "), or live alerts resolve between looks");
            signalQuiet = readinessEvery.multipliedBy(3);
        }
        digestAt = parsed("digest.time", java.time.LocalTime::parse, java.time.LocalTime.of(8, 0),
                "a time of day like 08:00");
        digestZone = parsed("digest.zone", java.time.ZoneId::of, java.time.ZoneOffset.UTC, "a zone like Europe/Berlin");
        digestReceiver = text("digest.receiver").orElse("digest");
        problems.forEach(p -> LOG.severe("Configuration problem: " + p));
    }

    private Optional<String> text(String name) {
        return ConfigProvider.getConfig().getOptionalValue("vigil.alerting." + name, String.class).filter(v -> !v.isBlank());
    }

    private Duration duration(String name, Duration fallback, Duration min, Duration max) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            Duration value = Durations.parse(raw.get());
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                return value;
            }
            problems.add("vigil.alerting." + name + " must be between " + min + " and " + max + " (is " + raw.get() + ")");
        } catch (RuntimeException e) {
            problems.add("vigil.alerting." + name + " is not a duration like 30s, 5m or 4h (is '" + raw.get() + "')");
        }
        return fallback;
    }

    /** A setting read by {@code parser}; the fallback, and a problem reported, when it does not read. */
    private <T> T parsed(String name, java.util.function.Function<String, T> parser, T fallback, String what) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(raw.get().strip());
        } catch (RuntimeException e) {
            problems.add("vigil.alerting." + name + " is " + what + " (is '" + raw.get() + "')");
            return fallback;
        }
    }

    private long number(String name, long fallback, long min, long max) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("vigil.alerting." + name + " must be a whole number between " + min + " and " + max
                + " (is '" + raw.get() + "')");
        return fallback;
    }

    public int channelBreakerFailures() {
        return channelBreakerFailures;
    }

    public Duration channelBreakerDelay() {
        return channelBreakerDelay;
    }

    public Duration dedupWindow() {
        return dedupWindow;
    }

    public RoutingTree.Timing timing() {
        return timing;
    }

    public List<String> groupBy() {
        return groupBy;
    }

    public Duration flushInterval() {
        return flushInterval;
    }

    public Duration ackDefault() {
        return ackDefault;
    }

    public Duration ackMax() {
        return ackMax;
    }

    public Duration retention() {
        return retention;
    }

    /** The most open (firing or acknowledged) alerts one app may hold. */
    public int maxOpenPerApp() {
        return maxOpenPerApp;
    }

    /** How long a "still happening" signal (pressure, signature failures) must be quiet before its alert resolves. */
    public Duration signalQuiet() {
        return signalQuiet;
    }

    public int signatureFailures() {
        return signatureFailures;
    }

    public Duration signatureWindow() {
        return signatureWindow;
    }

    public Duration readinessEvery() {
        return readinessEvery;
    }

    /** The runbook of one of Vigil's own alerts: the base URL and the runbook's file name. */
    public String runbook(String file) {
        return dev.vigil.alerting.api.Runbooks.url(file);
    }

    public java.time.LocalTime digestAt() {
        return digestAt;
    }

    public java.time.ZoneId digestZone() {
        return digestZone;
    }

    public String digestReceiver() {
        return digestReceiver;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
