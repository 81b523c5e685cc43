package dev.vigil.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Vigil: the built WAR in one of the Liberty servers the build created, started and stopped
 * with Liberty's own {@code server} script and the environment an operator would set.
 */
public final class VigilServer implements AutoCloseable {

    private final String name;
    private final int port;
    private final Http http;

    private VigilServer(String name, int port) {
        this.name = name;
        this.port = port;
        this.http = new Http(URI.create("http://localhost:" + port + "/"));
    }

    /** Starts the server with these variables (written to its server.env) and waits until it is live. */
    public static VigilServer start(String name, int port, Map<String, String> env) {
        VigilServer server = new VigilServer(name, port);
        var variables = new java.util.HashMap<>(env);
        variables.put("VIGIL_HTTP_PORT", Integer.toString(port));
        variables.put("VIGIL_HTTPS_PORT", Integer.toString(port + 1));
        LibertyServers.writeEnv(name, variables);
        deleteFfdc(name); // a run's incidents are its own (Liberty keeps logs/ffdc across starts)
        server.run("start");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> server.http.get("health/live", Http.Auth.NONE).status() == 200);
        return server;
    }

    private static void deleteFfdc(String name) {
        Path ffdc = LibertyServers.serverDir(name).resolve("logs/ffdc");
        if (!Files.isDirectory(ffdc)) {
            return;
        }
        try (var files = Files.list(ffdc)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the server's default embedded database, so the next start is a first start. */
    public static void wipeDefaultDatabase(String name) {
        Path data = LibertyServers.serverDir(name).resolve("data");
        try {
            Files.deleteIfExists(data.resolve("vigil.mv.db"));
            Files.deleteIfExists(data.resolve("vigil.trace.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Http http() {
        return http;
    }

    public int port() {
        return port;
    }

    public void awaitReady(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> http.get("health/ready", Http.Auth.NONE).status() == 200);
    }

    /** The server's messages.log, for assertions on what Vigil logged. */
    public String log() {
        try {
            return Files.readString(LibertyServers.serverDir(name).resolve("logs/messages.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the server JVM with SIGKILL ({@code kill -9}): no shutdown hook runs, nothing is flushed
     * or closed. Returns once the process is gone; {@link #start} starts it again.
     */
    public void kill() {
        ProcessHandle jvm = ProcessHandle.of(pid())
                .orElseThrow(() -> new IllegalStateException("server " + name + " is not running"));
        if (!jvm.destroyForcibly()) {
            throw new IllegalStateException("could not kill server " + name + " (pid " + jvm.pid() + ")");
        }
        try {
            jvm.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("server " + name + " did not die after SIGKILL", e);
        }
    }

    private long pid() {
        try {
            return Long.parseLong(Files.readString(LibertyServers.wlp().resolve("usr/servers/.pid/" + name + ".pid"))
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server JVM's threads, as {@code jcmd <pid> Thread.print} prints them (for diagnosing stalls). */
    public String threadDump() {
        try {
            String pid = Long.toString(pid());
            Process jcmd = new ProcessBuilder(List.of("jcmd", pid, "Thread.print")).redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException | UncheckedIOException e) {
            return "no thread dump: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    @Override
    public void close() {
        run("stop");
    }

    private void run(String action) {
        Path script = LibertyServers.wlp().resolve("bin/server");
        try {
            Process process = new ProcessBuilder(List.of(script.toString(), action, name))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + name + " did not finish");
            }
            if (process.exitValue() != 0 && !(action.equals("stop") && process.exitValue() == 1)) {
                throw new IllegalStateException("server " + action + " " + name + " exited " + process.exitValue()
                        + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
