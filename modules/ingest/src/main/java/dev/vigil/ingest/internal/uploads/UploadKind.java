package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.VigilException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An upload kind as an admin registered it: the JSON Schema every upload of the kind must meet
 * (draft 2020-12 unless its {@code $schema} names another) and the largest body it may have.
 */
public record UploadKind(String name, String description, int maxBytes, String schema, Instant updatedAt,
        String updatedBy) {

    /** Kind names are path segments and metric labels: short, lower case, no separators of their own. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_SCHEMA_CHARS = 65_536;
    /** No kind may take more than the server's own body limit lets through; 1 MiB is its default. */
    static final int MAX_BYTES_CEILING = 1_048_576;
    static final int DEFAULT_MAX_BYTES = 65_536;

    static boolean plausibleName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void checkName(String name) {
        if (!plausibleName(name)) {
            throw VigilException.invalid("A kind name is 1 to 64 characters: lower-case letters, digits, '.', '_' and"
                    + " '-', starting with a letter or digit");
        }
    }

    static int checkMaxBytes(int maxBytes) {
        if (maxBytes < 2 || maxBytes > MAX_BYTES_CEILING) {
            throw VigilException.invalid("maxBytes must be 2 to " + MAX_BYTES_CEILING);
        }
        return maxBytes;
    }
}
