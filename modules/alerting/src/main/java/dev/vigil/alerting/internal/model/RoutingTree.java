package dev.vigil.alerting.internal.model;

import dev.vigil.kernel.api.Durations;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Routing as data, with Alertmanager's meanings: a tree of routes, each matching labels and naming
 * a receiver (one or more channels), with its grouping and timings inherited from its parent unless
 * it sets them. An alert walks down from the root (which matches every alert): it goes to the
 * deepest routes that match, to the first matching child of each route unless that child says
 * {@code continue}, and to a route itself when none of its children matches.
 *
 * <pre>{@code
 * {"receivers": [{"name": "ops", "channels": ["ops-slack"]}, {"name": "pager", "channels": ["pd"]}],
 *  "route": {"receiver": "ops", "groupBy": ["alertname"], "groupWait": "30s", "groupInterval": "5m",
 *            "repeatInterval": "4h",
 *            "routes": [{"matchers": ["severity=\"critical\""], "receiver": "pager", "continue": true}]}}
 * }</pre>
 */
public final class RoutingTree {

    public static final int MAX_ROUTES = 200;
    public static final int MAX_DEPTH = 8;
    public static final int MAX_RECEIVERS = 50;
    public static final int MAX_CHANNELS_PER_RECEIVER = 10;
    public static final int MAX_MATCHERS = 16;
    public static final int MAX_GROUP_BY = 16;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}");
    private static final Duration MAX_WAIT = Duration.ofHours(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    private static final Duration MAX_REPEAT = Duration.ofDays(30);

    /** A group's timings, as Alertmanager means them. */
    public record Timing(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
    }

    public record Receiver(String name, List<String> channels) {
    }

    /**
     * @param path where the route is: {@code 0} for the root, {@code 0.2.1} for the second child of
     *        the root's third child
     * @param groupBy the labels alerts are grouped by; null groups by every label ({@code ["..."]})
     */
    public record Route(String path, List<Matcher> matchers, String receiver, boolean continueMatching,
            List<String> groupBy, Timing timing, List<Route> routes) {

        boolean matches(Map<String, String> labels) {
            for (Matcher matcher : matchers) {
                if (!matcher.matches(labels)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Where an alert goes: a route, its receiver, and the labels that make its group. */
    public record Match(Route route, Receiver receiver, Map<String, String> groupLabels) {

        /** The group's key: 64 hex digits naming the route, the receiver and the group's label values. */
        public String groupKey() {
            StringBuilder text = new StringBuilder(route.path()).append('\n').append(receiver.name()).append('\n');
            groupLabels.forEach((name, value) -> text.append(name).append('\0').append(value).append('\0'));
            return Labels.sha256(text.toString());
        }
    }

    private final Route root;
    private final Map<String, Receiver> receivers;
    private final JsonObject document;

    private RoutingTree(Route root, Map<String, Receiver> receivers, JsonObject document) {
        this.root = root;
        this.receivers = receivers;
        this.document = document;
    }

    /** The tree before an admin stores one: every alert to the receiver {@code default}, which has no channels. */
    public static RoutingTree defaults(Timing timing, List<String> groupBy) {
        JsonArrayBuilder by = Json.createArrayBuilder();
        groupBy.forEach(by::add);
        return parse(Json.createObjectBuilder()
                .add("receivers", Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "default")
                        .add("channels", Json.createArrayBuilder())))
                .add("route", Json.createObjectBuilder().add("receiver", "default").add("groupBy", by)
                        .add("groupWait", text(timing.groupWait())).add("groupInterval", text(timing.groupInterval()))
                        .add("repeatInterval", text(timing.repeatInterval())))
                .build(), timing, groupBy);
    }

    /**
     * Reads a routing document; timings and grouping the root leaves out come from {@code defaults}.
     *
     * @throws IllegalArgumentException saying where the document is wrong
     */
    public static RoutingTree parse(JsonObject document, Timing defaults, List<String> defaultGroupBy) {
        Map<String, Receiver> receivers = new LinkedHashMap<>();
        JsonArray list = array(document, "receivers", "the document");
        if (list.isEmpty() || list.size() > MAX_RECEIVERS) {
            throw new IllegalArgumentException("receivers: between 1 and " + MAX_RECEIVERS + " receivers");
        }
        for (JsonValue value : list) {
            JsonObject receiver = object(value, "a receiver");
            String name = name(receiver, "name", "a receiver");
            List<String> channels = new ArrayList<>();
            JsonArray names = array(receiver, "channels", "receiver " + name);
            if (names.size() > MAX_CHANNELS_PER_RECEIVER) {
                throw new IllegalArgumentException("receiver " + name + ": at most " + MAX_CHANNELS_PER_RECEIVER + " channels");
            }
            for (JsonValue channel : names) {
                if (!(channel instanceof JsonString s) || !NAME.matcher(s.getString()).matches()) {
                    throw new IllegalArgumentException("receiver " + name + ": channels are channel names");
                }
                if (!channels.contains(s.getString())) {
                    channels.add(s.getString());
                }
            }
            if (receivers.put(name, new Receiver(name, List.copyOf(channels))) != null) {
                throw new IllegalArgumentException("receiver " + name + " is named twice");
            }
        }
        JsonValue rootValue = document.get("route");
        if (rootValue == null) {
            throw new IllegalArgumentException("route: the document needs a root route");
        }
        JsonObject rootJson = object(rootValue, "route");
        if (rootJson.containsKey("matchers") || rootJson.containsKey("continue")) {
            throw new IllegalArgumentException("route: the root route matches every alert; it has no matchers and no continue");
        }
        if (!rootJson.containsKey("receiver")) {
            throw new IllegalArgumentException("route: the root route needs a receiver");
        }
        int[] count = {0};
        Route root = route(rootJson, "0", 1, receivers, null, defaultGroupBy, defaults, count);
        return new RoutingTree(root, Map.copyOf(receivers), document);
    }

    private static Route route(JsonObject json, String path, int depth, Map<String, Receiver> receivers,
            String parentReceiver, List<String> parentGroupBy, Timing parentTiming, int[] count) {
        if (++count[0] > MAX_ROUTES) {
            throw new IllegalArgumentException("at most " + MAX_ROUTES + " routes");
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("route " + path + ": routes nest at most " + MAX_DEPTH + " deep");
        }
        Set<String> known = Set.of("matchers", "receiver", "continue", "groupBy", "groupWait", "groupInterval",
                "repeatInterval", "routes");
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("route " + path + ": unknown field '" + key + "'");
            }
        }
        List<Matcher> matchers = new ArrayList<>();
        if (json.containsKey("matchers")) {
            JsonArray list = array(json, "matchers", "route " + path);
            if (list.size() > MAX_MATCHERS) {
                throw new IllegalArgumentException("route " + path + ": at most " + MAX_MATCHERS + " matchers");
            }
            for (JsonValue value : list) {
                if (!(value instanceof JsonString s)) {
                    throw new IllegalArgumentException("route " + path + ": a matcher is a string like severity=\"critical\"");
                }
                try {
                    matchers.add(Matcher.parse(s.getString()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("route " + path + ": " + e.getMessage());
                }
            }
        }
        String receiver = parentReceiver;
        if (json.containsKey("receiver")) {
            receiver = name(json, "receiver", "route " + path);
            if (!receivers.containsKey(receiver)) {
                throw new IllegalArgumentException("route " + path + ": no receiver named " + receiver);
            }
        }
        boolean continueMatching = false;
        if (json.containsKey("continue")) {
            JsonValue value = json.get("continue");
            if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                throw new IllegalArgumentException("route " + path + ": continue is true or false");
            }
            continueMatching = value == JsonValue.TRUE;
        }
        List<String> groupBy = parentGroupBy;
        if (json.containsKey("groupBy")) {
            JsonArray list = array(json, "groupBy", "route " + path);
            if (list.size() > MAX_GROUP_BY) {
                throw new IllegalArgumentException("route " + path + ": group by at most " + MAX_GROUP_BY + " labels");
            }
            List<String> names = new ArrayList<>();
            for (JsonValue value : list) {
                if (!(value instanceof JsonString s)) {
                    throw new IllegalArgumentException("route " + path + ": groupBy lists label names");
                }
                names.add(s.getString());
            }
            groupBy = names.equals(List.of("...")) ? null : checkedLabelNames(names, path);
        }
        Timing timing = new Timing(
                duration(json, "groupWait", path, parentTiming.groupWait(), Duration.ZERO, MAX_WAIT),
                duration(json, "groupInterval", path, parentTiming.groupInterval(), Duration.ofSeconds(1), MAX_INTERVAL),
                duration(json, "repeatInterval", path, parentTiming.repeatInterval(), Duration.ofSeconds(1), MAX_REPEAT));
        List<Route> children = new ArrayList<>();
        if (json.containsKey("routes")) {
            JsonArray list = array(json, "routes", "route " + path);
            for (int i = 0; i < list.size(); i++) {
                children.add(route(object(list.get(i), "route " + path + "." + i), path + "." + i, depth + 1, receivers,
                        receiver, groupBy, timing, count));
            }
        }
        return new Route(path, List.copyOf(matchers), receiver, continueMatching,
                groupBy == null ? null : List.copyOf(groupBy), timing, List.copyOf(children));
    }

    private static List<String> checkedLabelNames(List<String> names, String path) {
        Map<String, String> asLabels = new TreeMap<>();
        names.forEach(n -> asLabels.put(n, ""));
        try {
            Labels.checkLabels(asLabels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("route " + path + ": groupBy: " + e.getMessage());
        }
        return new ArrayList<>(new java.util.LinkedHashSet<>(names));
    }

    /** The routes (and receivers) an alert with these labels goes to, in the tree's order; never empty. */
    public List<Match> route(Map<String, String> labels) {
        List<Route> found = new ArrayList<>();
        walk(root, labels, found);
        List<Match> matches = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Route route : found) {
            Map<String, String> groupLabels = new TreeMap<>();
            if (route.groupBy() == null) {
                groupLabels.putAll(labels);
            } else {
                for (String name : route.groupBy()) {
                    String value = labels.get(name);
                    if (value != null) {
                        groupLabels.put(name, value);
                    }
                }
            }
            Match match = new Match(route, receivers.get(route.receiver()), Map.copyOf(groupLabels));
            if (seen.add(match.groupKey())) {
                matches.add(match);
            }
        }
        return matches;
    }

    private static boolean walk(Route route, Map<String, String> labels, List<Route> found) {
        if (!route.matches(labels)) {
            return false;
        }
        boolean child = false;
        for (Route next : route.routes()) {
            if (walk(next, labels, found)) {
                child = true;
                if (!next.continueMatching()) {
                    break;
                }
            }
        }
        if (!child) {
            found.add(route);
        }
        return true;
    }

    public Map<String, Receiver> receivers() {
        return receivers;
    }

    public Route root() {
        return root;
    }

    /** The document as stored. */
    public JsonObject document() {
        return document;
    }

    /** Every channel name some receiver lists. */
    public Set<String> channelNames() {
        Set<String> names = new java.util.TreeSet<>();
        receivers.values().forEach(r -> names.addAll(r.channels()));
        return names;
    }

    private static Duration duration(JsonObject json, String key, String path, Duration inherited, Duration min,
            Duration max) {
        if (!json.containsKey(key)) {
            return inherited;
        }
        if (!(json.get(key) instanceof JsonString s)) {
            throw new IllegalArgumentException("route " + path + ": " + key + " is a duration like \"30s\", \"5m\" or \"4h\"");
        }
        Duration value;
        try {
            value = Durations.parse(s.getString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("route " + path + ": " + key + " is a duration like \"30s\", \"5m\" or \"4h\"");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("route " + path + ": " + key + " must be between " + text(min) + " and "
                    + text(max));
        }
        return value;
    }

    static String text(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        if (s % 86_400 == 0 && s > 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static String name(JsonObject json, String key, String where) {
        if (!(json.get(key) instanceof JsonString s) || !NAME.matcher(s.getString()).matches()) {
            throw new IllegalArgumentException(where + ": " + key + " is a name of letters, digits, '.', '_' and '-'"
                    + " (at most 100)");
        }
        return s.getString();
    }

    private static JsonArray array(JsonObject json, String key, String where) {
        JsonValue value = json.get(key);
        if (!(value instanceof JsonArray a)) {
            throw new IllegalArgumentException(where + ": " + key + " is a list");
        }
        return a;
    }

    private static JsonObject object(JsonValue value, String where) {
        if (!(value instanceof JsonObject o)) {
            throw new IllegalArgumentException(where + " is an object");
        }
        return o;
    }

    /** A route as the dry run shows it. */
    public static JsonObjectBuilder describe(Match match) {
        JsonArrayBuilder matchers = Json.createArrayBuilder();
        match.route().matchers().forEach(m -> matchers.add(m.toString()));
        JsonArrayBuilder channels = Json.createArrayBuilder();
        match.receiver().channels().forEach(channels::add);
        JsonObjectBuilder groupLabels = Json.createObjectBuilder();
        match.groupLabels().forEach(groupLabels::add);
        Timing t = match.route().timing();
        return Json.createObjectBuilder().add("route", match.route().path()).add("matchers", matchers)
                .add("receiver", match.receiver().name()).add("channels", channels).add("groupLabels", groupLabels)
                .add("groupKey", match.groupKey())
                .add("groupWait", text(t.groupWait())).add("groupInterval", text(t.groupInterval()))
                .add("repeatInterval", text(t.repeatInterval()));
    }
}
