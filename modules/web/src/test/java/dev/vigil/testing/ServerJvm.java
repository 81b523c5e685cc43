package dev.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a started Liberty server's JVM leaves behind: its heap (through {@code jcmd}) and FFDC incidents. */
public final class ServerJvm {

    private static final Pattern USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private ServerJvm() {
    }

    /** Used heap in KiB right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    public static long usedHeapAfterFullGcKib(String server) {
        String pid = pid(server);
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no used heap in jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(m.group(1));
    }

    /** Bytes per class on the heap after a full collection ({@code jcmd GC.class_histogram}). */
    public static java.util.Map<String, Long> classHistogram(String server) {
        String histogram = jcmd(pid(server), "GC.class_histogram");
        java.util.Map<String, Long> bytes = new java.util.HashMap<>();
        Matcher m = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE).matcher(histogram);
        while (m.find()) {
            bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        return bytes;
    }

    /** The names of the files in the server's {@code logs/ffdc}. */
    public static Set<String> ffdcFiles(String server) {
        Path dir = LibertyServers.serverDir(server).resolve("logs/ffdc");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One FFDC incident: the exception class, where Liberty caught it, and its message. */
    public record Incident(String exception, String source, String message) {

        /** What incidents of one kind share. */
        public String kind() {
            return exception + " at " + source;
        }
    }

    public static Incident ffdcIncident(String server, String file) {
        try {
            List<String> lines = Files.readAllLines(LibertyServers.serverDir(server).resolve("logs/ffdc").resolve(file));
            String exception = field(lines, "Exception = ");
            String source = field(lines, "Source = ");
            String message = field(lines, "Stack Dump = ");
            return new Incident(exception, source, message.length() > 240 ? message.substring(0, 240) + "..." : message);
        } catch (IOException e) {
            return new Incident("unreadable", file, e.toString());
        }
    }

    private static String field(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()))
                .orElse("?");
    }

    private static String pid(String server) {
        try {
            return Files.readString(LibertyServers.wlp().resolve("usr/servers/.pid/" + server + ".pid")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jcmd(String pid, String command) {
        try {
            Process jcmd = new ProcessBuilder(List.of("jcmd", pid, command)).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
