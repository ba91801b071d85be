package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./loopreg}) itself, run by bash in a copy of the project whose jar is a tiny program: it says what
 * a first build does and how long it takes, it follows a link on the PATH to its checkout, and it remakes its class-data
 * sharing archive when the JDK changes (the JVM silently ignores an archive of another JDK).
 */
class LauncherTest {

    @TempDir
    Path tmp;

    Path proj;
    Path tinyJar;

    @BeforeEach
    void tinyProject() throws Exception {
        proj = Files.createDirectories(tmp.resolve("proj"));
        Files.copy(Path.of("loopreg"), proj.resolve("loopreg"));
        Files.setPosixFilePermissions(proj.resolve("loopreg"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(proj.resolve("examples/sample-workspace"));
        Path src = Files.createDirectories(tmp.resolve("src")).resolve("Tiny.java");
        Files.writeString(src, "public class Tiny { public static void main(String[] a) { System.out.println(\"tiny \" + a.length); } }");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
                src.toString());
        assertThat(rc).isZero();
        tinyJar = tmp.resolve("tiny.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Tiny");
        try (OutputStream o = Files.newOutputStream(tinyJar); JarOutputStream j = new JarOutputStream(o, mf)) {
            j.putNextEntry(new JarEntry("Tiny.class"));
            j.write(Files.readAllBytes(classes.resolve("Tiny.class")));
            j.closeEntry();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run bash(Path dir, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    @Test
    void theFirstBuild_saysWhatItDoesAndHowLong_andARebuildSaysSoToo() throws Exception {
        Files.writeString(proj.resolve("pom.xml"), "<project/>\n");
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        // a Maven that "builds" the tiny jar (the real build is what CI's ./loopreg demo does)
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\nmkdir -p '" + proj.resolve("target") + "' && cp '" + tinyJar + "' '"
                + proj.resolve("target/loopreg.jar") + "'\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Run first = bash(proj, env, "./loopreg", "a", "b");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("tiny 2\n");
        assertThat(first.err()).contains("loopreg: first use: building target/loopreg.jar with Maven (about 2 minutes")
                .contains("later starts take under a second; the build's log: target/build.log");
        Files.setLastModifiedTime(proj.resolve("pom.xml"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Run again = bash(proj, env, "./loopreg");
        assertThat(again.err()).contains("loopreg: sources changed; rebuilding target/loopreg.jar with Maven (about 30 s)");
    }

    @Test
    void aLinkOnThePath_runsTheCheckoutItPointsTo() throws Exception {
        Files.createDirectories(proj.resolve("target"));
        Files.copy(tinyJar, proj.resolve("target/loopreg.jar"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("loopreg"), proj.resolve("loopreg"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Run r = bash(elsewhere, Map.of("PATH", bin + ":" + System.getenv("PATH")), "bash", "-c", "loopreg x");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("tiny 1\n");
        assertThat(bin.resolve("target")).doesNotExist();
    }

    @Test
    void theSharingArchive_isKeyedToTheJdk_andMadeAgainWhenTheJdkChanges() throws Exception {
        Files.createDirectories(proj.resolve("target"));
        Files.copy(tinyJar, proj.resolve("target/loopreg.jar"));
        Path jsa = proj.resolve("target/loopreg.jsa");
        Path key = proj.resolve("target/loopreg.jsa.key");
        Run r = bash(proj, Map.of(), "./loopreg");
        assertThat(r.out()).isEqualTo("tiny 0\n");
        assertThat(jsa).exists();
        String made = Files.readString(key).strip();
        // the key names the JDK on the PATH: its java, its release's version, when its modules were installed
        assertThat(made).startsWith(Path.of(new String(new ProcessBuilder("bash", "-c", "readlink -f \"$(command -v java)\"").start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).toString() + " \"");

        // as if apt upgraded the JDK after the archive was made: the key no longer matches, the archive is made again
        Files.writeString(key, "/usr/lib/jvm/older/bin/java \"17.0.15+6\" 1700000000\n");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(jsa, old);
        Run again = bash(proj, Map.of(), "./loopreg");
        assertThat(again.out()).isEqualTo("tiny 0\n");
        assertThat(Files.readString(key).strip()).isEqualTo(made);
        assertThat(Files.getLastModifiedTime(jsa)).isNotEqualTo(old);

        // the same JDK: the archive is kept
        FileTime now = Files.getLastModifiedTime(jsa);
        bash(proj, Map.of(), "./loopreg");
        assertThat(Files.getLastModifiedTime(jsa)).isEqualTo(now);
    }

    /**
     * A JDK replaced in place under the same version (its modules file newer than the archive) gets a new archive; the
     * launcher reads the JDK's version from its release file and runs the java it resolved.
     */
    @Test
    void theSharingArchive_isMadeAgainWhenTheJdksModulesAreNewer() throws Exception {
        Files.createDirectories(proj.resolve("target"));
        Files.copy(tinyJar, proj.resolve("target/loopreg.jar"));
        Path jdk = tmp.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib"));
        String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\nexec " + realJava + " \"$@\"\n");
        Files.setPosixFilePermissions(jdk.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_RUNTIME_VERSION=\"17.0.99+1-test\"\n");
        Path modules = Files.writeString(jdk.resolve("lib/modules"), "not a real modules file\n");
        Files.setLastModifiedTime(modules, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        Map<String, String> env = Map.of("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
        Path jsa = proj.resolve("target/loopreg.jsa");
        Path key = proj.resolve("target/loopreg.jsa.key");

        assertThat(bash(proj, env, "./loopreg").out()).isEqualTo("tiny 0\n");
        assertThat(Files.readString(key).strip()).isEqualTo(jdk.resolve("bin/java") + " \"17.0.99+1-test\"");
        // the jar three hours old, the modules two, the archive one
        Files.setLastModifiedTime(proj.resolve("target/loopreg.jar"), FileTime.fromMillis(System.currentTimeMillis() - 10_800_000));
        FileTime made = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(jsa, made);
        bash(proj, env, "./loopreg");
        assertThat(Files.getLastModifiedTime(jsa)).as("the same JDK, untouched: kept").isEqualTo(made);

        Files.setLastModifiedTime(modules, FileTime.fromMillis(System.currentTimeMillis()));
        assertThat(bash(proj, env, "./loopreg").out()).isEqualTo("tiny 0\n");
        assertThat(Files.getLastModifiedTime(jsa)).as("modules newer than the archive: made again").isNotEqualTo(made);
    }

    @Test
    void withoutJavaOnThePath_itSaysSo() throws Exception {
        Files.createDirectories(proj.resolve("target"));
        Files.copy(tinyJar, proj.resolve("target/loopreg.jar"));
        Path empty = Files.createDirectories(tmp.resolve("nojava"));
        Run r = bash(proj, Map.of("PATH", empty.toString()), "/bin/bash", "./loopreg");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("java is not on the PATH");
    }
}
