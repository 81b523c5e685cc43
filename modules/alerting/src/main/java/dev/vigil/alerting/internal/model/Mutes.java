package dev.vigil.alerting.internal.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a firing alert is muted now, and until when to look again: by a silence, a maintenance
 * window, an inhibition rule (a firing source alert with the same values of the rule's equal
 * labels, as Alertmanager inhibits; an alert never inhibits itself), or the open breaker of the
 * dependency its {@code dependency} label names. A muted alert is not notified; the rest of its
 * group is.
 */
public final class Mutes {

    public record Silence(String id, List<Matcher> matchers, long startsAt, long endsAt) {
    }

    public record Window(String id, String name, List<Matcher> matchers, Schedule schedule) {
    }

    public record Inhibition(String id, List<Matcher> source, List<Matcher> target, List<String> equal) {
    }

    /** Why an alert is muted, and when its group should look again (the mute may be over then). */
    public record Mute(String reason, long until) {
    }

    public static final Mutes NONE = new Mutes(List.of(), List.of(), List.of(), List.of(), name -> false, 60_000);

    private final List<Silence> silences;
    private final List<Window> windows;
    private final List<Inhibition> inhibitions;
    private final List<Map<String, String>> firing;
    private final Predicate<String> breakerOpen;
    private final long recheckMillis;

    /**
     * @param firing the labels of every alert firing now (inhibition sources)
     * @param breakerOpen whether a dependency's breaker is open on this server
     * @param recheckMillis how soon to look again at an alert muted by something with no known end
     */
    public Mutes(List<Silence> silences, List<Window> windows, List<Inhibition> inhibitions,
            List<Map<String, String>> firing, Predicate<String> breakerOpen, long recheckMillis) {
        this.silences = List.copyOf(silences);
        this.windows = List.copyOf(windows);
        this.inhibitions = List.copyOf(inhibitions);
        this.firing = List.copyOf(firing);
        this.breakerOpen = breakerOpen;
        this.recheckMillis = recheckMillis;
    }

    public Optional<Mute> of(Map<String, String> labels, long now) {
        for (Silence silence : silences) {
            if (silence.startsAt() <= now && now < silence.endsAt() && all(silence.matchers(), labels)) {
                return Optional.of(new Mute("silence " + silence.id(), silence.endsAt()));
            }
        }
        for (Window window : windows) {
            if (all(window.matchers(), labels)) {
                Optional<Instant> until = window.schedule().openUntil(Instant.ofEpochMilli(now));
                if (until.isPresent()) {
                    return Optional.of(new Mute("maintenance window " + window.name(), until.get().toEpochMilli()));
                }
            }
        }
        for (Inhibition rule : inhibitions) {
            if (!all(rule.target(), labels)) {
                continue;
            }
            for (Map<String, String> source : firing) {
                if (!source.equals(labels) && all(rule.source(), source) && equal(rule.equal(), source, labels)) {
                    return Optional.of(new Mute("inhibition rule " + rule.id() + " (by " + source.getOrDefault("alertname", "?")
                            + ")", now + recheckMillis));
                }
            }
        }
        String dependency = labels.get("dependency");
        if (dependency != null && breakerOpen.test(dependency)) {
            return Optional.of(new Mute("inhibited by breaker: dependency " + dependency + " is open", now + recheckMillis));
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return silences.isEmpty() && windows.isEmpty() && inhibitions.isEmpty();
    }

    private static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(List<String> names, Map<String, String> a, Map<String, String> b) {
        for (String name : names) {
            if (!Objects.equals(a.getOrDefault(name, ""), b.getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }
}
