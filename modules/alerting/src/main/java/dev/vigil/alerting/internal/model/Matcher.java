package dev.vigil.alerting.internal.model;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes it: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}, the value quoted or not. A regex is anchored at
 * both ends, and a label that is missing matches as the empty string, both as in Alertmanager.
 */
public record Matcher(String name, Op op, String value, Pattern pattern) {

    public static final int MAX_TEXT = 1024;

    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> SafeRegex.matches(pattern, actual);
            case NOT_REGEX -> !SafeRegex.matches(pattern, actual);
        };
    }

    /** @throws IllegalArgumentException saying what is wrong with the text */
    public static Matcher parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("A matcher is name=value, name!=value, name=~regex or name!~regex"
                    + " (at most " + MAX_TEXT + " characters)");
        }
        String t = text.strip();
        int i = 0;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_')) {
            i++;
        }
        String name = t.substring(0, i);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new IllegalArgumentException("Matcher '" + t + "' does not start with a label name");
        }
        String rest = t.substring(i).stripLeading();
        Op op;
        if (rest.startsWith("=~")) {
            op = Op.REGEX;
        } else if (rest.startsWith("!~")) {
            op = Op.NOT_REGEX;
        } else if (rest.startsWith("!=")) {
            op = Op.NOT_EQUAL;
        } else if (rest.startsWith("=")) {
            op = Op.EQUAL;
        } else {
            throw new IllegalArgumentException("Matcher '" + t + "' has no operator (=, !=, =~, !~)");
        }
        String value = unquote(rest.substring(op.symbol.length()).strip(), t);
        Pattern pattern = null;
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                pattern = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Matcher '" + t + "' has no valid regex: " + e.getDescription());
            }
        }
        return new Matcher(name, op, value, pattern);
    }

    private static String unquote(String raw, String whole) {
        if (!raw.startsWith("\"")) {
            if (raw.contains("\"")) {
                throw new IllegalArgumentException("Matcher '" + whole + "' has a stray quote");
            }
            return raw;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                value.append(next == 'n' ? '\n' : next);
            } else if (c == '"') {
                if (i != raw.length() - 1) {
                    throw new IllegalArgumentException("Matcher '" + whole + "' has text after its closing quote");
                }
                return value.toString();
            } else {
                value.append(c);
            }
        }
        throw new IllegalArgumentException("Matcher '" + whole + "' has no closing quote");
    }

    @Override
    public String toString() {
        return name + op.symbol + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
