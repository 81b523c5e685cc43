package dev.vigil.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Vigil's transactions are {@code dev.vigil.kernel.api.Transactional}, never Jakarta's: on Liberty
 * Jakarta's commits when a checked exception (an {@code SQLException}) leaves the method unless
 * told otherwise (on H2 an idempotency claim then stayed without its answer, {@code 409} for 24 h),
 * and it writes an FFDC incident for every unchecked exception, so each refused request left a
 * stack trace in {@code logs/ffdc}. What Vigil's own does is tested in {@code TransactionsIT}.
 */
class TransactionBoundaryTest {

    /** Imported, or written out on a method or class (a mention in a comment is neither). */
    private static final Pattern JAKARTAS = Pattern.compile(
            "import\\s+jakarta\\.transaction\\.(Transactional|\\*)\\s*;|@jakarta\\.transaction\\.Transactional\\b");

    @Test
    void noSourceUsesJakartasTransactional() throws IOException {
        Path modules = Path.of("..").toAbsolutePath().normalize();
        List<String> vigils = new ArrayList<>();
        List<String> jakartas = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(modules)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/")).toList()) {
                String text = Files.readString(source);
                if (text.contains("import dev.vigil.kernel.api.Transactional;")) {
                    vigils.add(source.getFileName().toString());
                }
                if (JAKARTAS.matcher(text).find()) {
                    jakartas.add(source.getFileName().toString());
                }
            }
        }
        assertThat(vigils).as("the scan found Vigil's transactions").hasSizeGreaterThan(8);
        assertThat(jakartas).isEmpty();
    }
}
