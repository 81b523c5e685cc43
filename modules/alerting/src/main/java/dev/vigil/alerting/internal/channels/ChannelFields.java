package dev.vigil.alerting.internal.channels;

import dev.vigil.kernel.api.VigilException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/** Checks of the fields channels share. */
public final class ChannelFields {

    private ChannelFields() {
    }

    /** The given field, else the stored one; {@code invalid_request} when neither is there. */
    public static String required(String name, Map<String, String> fields, Map<String, String> stored) {
        String value = fields.get(name);
        if (value == null && stored != null) {
            value = stored.get(name);
        }
        if (value == null || value.isBlank()) {
            throw VigilException.invalid(name + " is required");
        }
        return value;
    }

    /** An absolute http(s) URL with a host and no user info, at most 2,000 characters. */
    public static String url(String name, String url) {
        if (url.length() > 2000) {
            throw VigilException.invalid(name + " has at most 2,000 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw VigilException.invalid(name + " is an absolute http or https URL with a host and no user info");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw VigilException.invalid(name + " is not a URL");
        }
    }

    /** A field's value when given, checked to be at most {@code max} characters. */
    public static String bounded(String name, String value, int max) {
        if (value != null && value.length() > max) {
            throw VigilException.invalid(name + " has at most " + max + " characters");
        }
        return value;
    }
}
