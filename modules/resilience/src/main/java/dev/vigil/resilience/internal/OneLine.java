package dev.vigil.resilience.internal;

import java.util.regex.Pattern;

/**
 * Text from outside (a receiver's answer, an exception's message) made safe to log and show: cut to
 * a length first, then every control character (C0, C1, line and paragraph separators) becomes a
 * space, so a receiver cannot forge log lines or hide text in the admin views.
 */
public final class OneLine {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    private OneLine() {
    }

    public static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        String cut = text.length() <= max ? text : text.substring(0, max);
        return CONTROL.matcher(cut).replaceAll(" ").strip();
    }
}
