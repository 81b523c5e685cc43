package dev.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL of one test's own, which it may crash: {@code initdb} into a fresh directory,
 * listening on 127.0.0.1 only at a port of its own (never the shared 5432), trust auth, user
 * {@code postgres}; removed on close. initdb and postgres refuse to run as root, so when the
 * tests run as root (CI) every command runs as the OS user {@code postgres}, which owns the
 * directory.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;
    private boolean running;

    private LocalPostgres(Path bin, Path base, int port) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
    }

    /**
     * Where initdb and pg_ctl are: the directory of the {@code initdb} on the PATH (Debian links
     * it from /usr/local/bin or not at all), else the newest /usr/lib/postgresql/N/bin.
     */
    public static Optional<Path> binaries() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path initdb = Path.of(dir.isEmpty() ? "." : dir, "initdb");
            if (Files.isExecutable(initdb)) {
                try {
                    Path real = initdb.toRealPath().getParent();
                    if (Files.isExecutable(real.resolve("pg_ctl"))) {
                        return Optional.of(real);
                    }
                } catch (IOException e) {
                    // a dangling link: keep looking
                }
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(LocalPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Creates a cluster under {@code parent} with the binaries in {@code bin}, on a free port in the range, and starts it. */
    public static LocalPostgres start(Path bin, Path parent, int firstPort, int lastPort) {
        Path base = parent.toAbsolutePath().resolve("pg-" + UUID.randomUUID().toString().substring(0, 8));
        LocalPostgres pg = new LocalPostgres(bin, base, freePort(firstPort, lastPort));
        try {
            Files.createDirectories(base);
            if (ROOT) {
                UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(base, postgres);
            }
            pg.run(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-locale", "--no-sync"));
            // Only TCP on loopback; no socket file in a shared directory.
            Files.writeString(pg.data.resolve("postgresql.conf"), "\nport = " + pg.port
                    + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 50\n",
                    StandardOpenOption.APPEND);
            pg.start();
            return pg;
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server and returns once it accepts connections. */
    public void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", base.resolve("postgres.log").toString(),
                "-w", "-t", "60", "start"));
        running = true;
    }

    /** {@code pg_ctl stop -m immediate}: every server process quits at once, without a checkpoint, as in a crash. */
    public void crash() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "-t", "60", "stop"));
        running = false;
    }

    /** The server's log, for failure messages. */
    public String log() {
        try {
            return Files.readString(base.resolve("postgres.log"));
        } catch (IOException e) {
            return "no log: " + e;
        }
    }

    @Override
    public void close() {
        try {
            if (running) {
                crash();
            }
        } finally {
            delete(base);
        }
    }

    private String run(List<String> command) {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(command);
        try {
            Process process = new ProcessBuilder(line).directory(base.toFile()).redirectErrorStream(true).start();
            // pg_ctl's children keep the pipe open only until it redirects them to the log (-l), so this ends.
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " exited " + process.exitValue() + ":\n"
                        + output + (Files.exists(base.resolve("postgres.log")) ? "\nlog:\n" + log() : ""));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort(int first, int last) {
        for (int port = first; port <= last; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken: try the next
            }
        }
        throw new IllegalStateException("no free port in " + first + "-" + last);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}
