package dev.vigil.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kernel.api.Ids;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that javac enforces the module boundaries: a module that imports another module's
 * exported {@code api} package compiles, and the same module importing an internal package does
 * not. Both are compiled against the real, built kernel module.
 */
class ModuleBoundaryTest {

    @TempDir
    Path work;

    @Test
    void importingAnExportedPackageCompiles() throws Exception {
        String errors = compile("import dev.vigil.kernel.api.Ids;",
                "static String id() { return Ids.newId(); }");
        assertThat(errors).isEmpty();
    }

    @Test
    void importingAnInternalPackageFailsTheBuild() throws Exception {
        String errors = compile("import dev.vigil.kernel.internal.TimeOrderedIds;",
                "static Object id() { return new TimeOrderedIds().next(); }");
        assertThat(errors).contains("dev.vigil.kernel.internal").contains("is not visible");
    }

    private String compile(String importLine, String body) throws IOException, URISyntaxException {
        Path src = work.resolve("src");
        Path pkg = Files.createDirectories(src.resolve("dev/vigil/violator"));
        Files.writeString(src.resolve("module-info.java"),
                "module dev.vigil.violator { requires dev.vigil.kernel; }");
        Files.writeString(pkg.resolve("Violator.java"),
                "package dev.vigil.violator;\n" + importLine + "\nclass Violator { " + body + " }\n");
        Path kernel = Path.of(Ids.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var out = new StringWriter();
        var compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.getTask(out, null, null,
                List.of("--module-path", kernel.toString(), "-d", work.resolve("out").toString()), null,
                compiler.getStandardFileManager(null, null, null).getJavaFileObjectsFromPaths(List.of(
                        src.resolve("module-info.java"), pkg.resolve("Violator.java")))).call() ? 0 : 1;
        return status == 0 ? "" : out.toString();
    }
}
