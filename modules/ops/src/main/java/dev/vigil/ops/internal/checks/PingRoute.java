package dev.vigil.ops.internal.checks;

import java.util.regex.Pattern;

/** What a ping's path below {@code /ping} asks for: which check, and what happened to its job. */
record PingRoute(String uuid, String pingKey, String slug, CheckRules.Action action, Integer exitStatus) {

    static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern KEY = Pattern.compile("[-a-zA-Z0-9_]{1,100}");
    private static final Pattern SLUG = Pattern.compile("[-a-zA-Z0-9_]{1,100}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    /**
     * The route of a path below {@code /ping}; null when it names nothing (404). healthchecks.io's
     * order: a uuid with an optional action first, else a ping key and a slug with one.
     *
     * @throws IllegalArgumentException for an exit status over 255 or a slug with capitals (400)
     */
    static PingRoute of(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.length() > 400) {
            return null;
        }
        String path = pathInfo.substring(1);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] parts = path.split("/", -1);
        if (parts.length > 4) {
            return null;
        }
        if (UUID_TEXT.matcher(parts[0]).matches() && parts.length <= 2) {
            String uuid = parts[0].toLowerCase(java.util.Locale.ROOT);
            if (parts.length == 1) {
                return new PingRoute(uuid, null, null, CheckRules.Action.SUCCESS, null);
            }
            PingRoute action = action(parts[1], uuid, null, null);
            if (action != null) {
                return action;
            }
        }
        if (parts.length < 2 || !KEY.matcher(parts[0]).matches() || !SLUG.matcher(parts[1]).matches()) {
            return null;
        }
        if (!parts[1].equals(parts[1].toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("slug in capitals");
        }
        if (parts.length == 2) {
            return new PingRoute(null, parts[0], parts[1], CheckRules.Action.SUCCESS, null);
        }
        return parts.length == 3 ? action(parts[2], null, parts[0], parts[1]) : null;
    }

    private static PingRoute action(String suffix, String uuid, String key, String slug) {
        return switch (suffix) {
            case "start" -> new PingRoute(uuid, key, slug, CheckRules.Action.START, null);
            case "fail" -> new PingRoute(uuid, key, slug, CheckRules.Action.FAIL, null);
            case "log" -> new PingRoute(uuid, key, slug, CheckRules.Action.LOG, null);
            default -> {
                if (!DIGITS.matcher(suffix).matches()) {
                    yield null;
                }
                int status = Integer.parseInt(suffix);
                if (status > 255) {
                    throw new IllegalArgumentException("exit status over 255");
                }
                yield new PingRoute(uuid, key, slug, status == 0 ? CheckRules.Action.SUCCESS : CheckRules.Action.FAIL, status);
            }
        };
    }
}
