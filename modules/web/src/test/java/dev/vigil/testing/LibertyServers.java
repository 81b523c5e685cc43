package dev.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The Liberty installation the build prepared, and the server.env of each test server. */
public final class LibertyServers {

    private LibertyServers() {
    }

    public static Path wlp() {
        return Path.of(System.getProperty("vigil.test.liberty.dir", "target/liberty/wlp")).toAbsolutePath();
    }

    public static Path serverDir(String server) {
        return wlp().resolve("usr/servers").resolve(server);
    }

    /**
     * Writes the given variables into the server's server.env, keeping what Liberty put there
     * itself (such as the generated keystore password).
     */
    public static void writeEnv(String server, Map<String, String> variables) {
        Path file = serverDir(server).resolve("server.env");
        try {
            Map<String, String> env = new LinkedHashMap<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("VIGIL_")) {
                        env.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            env.putAll(variables);
            Files.writeString(file, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
