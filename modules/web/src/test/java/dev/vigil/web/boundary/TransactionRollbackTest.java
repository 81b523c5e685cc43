package dev.vigil.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code @Transactional} in Vigil rolls back on any exception. Without {@code rollbackOn},
 * JTA commits when a checked exception (an {@code SQLException}) leaves the method: on H2 an
 * idempotency claim then stayed without its answer ({@code 409 idempotency_in_flight} for 24 h),
 * and a report was committed without being counted into its group.
 */
class TransactionRollbackTest {

    private static final Pattern TRANSACTIONAL = Pattern.compile("(?<!\\{@code )@Transactional(\\([^)]*\\))?");

    @Test
    void everyTransactionalRollsBackOnEveryException() throws IOException {
        Path modules = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        List<String> committingOnChecked = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(modules)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/")).toList()) {
                Matcher annotation = TRANSACTIONAL.matcher(Files.readString(source));
                while (annotation.find()) {
                    found.add(source.getFileName() + ": " + annotation.group());
                    if (annotation.group(1) == null || !annotation.group(1).contains("rollbackOn = Exception.class")) {
                        committingOnChecked.add(source.getFileName() + ": " + annotation.group());
                    }
                }
            }
        }
        assertThat(found).as("the scan found Vigil's transactions").hasSizeGreaterThan(10);
        assertThat(committingOnChecked).isEmpty();
    }
}
