package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopreg serve}'s refusals: each a message and an exit code, before anything listens or runs. */
class ServeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void badPort_isAUsageError() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "serve", "--port", "70000");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--port 70000 is not a port; expected 0 to 65535");
    }

    @Test
    void weakToken_isRefused() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.runWithEnv(Map.of("LOOPREG_TOKEN", "abc"), "-w", ws.toString(), "serve", "--port", "0");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("LOOPREG_TOKEN: the token has 3 characters; expected at least 16");
    }

    @Test
    void badTokenFile_isRefusedWithItsLine() throws Exception {
        Path ws = Cli.sample(tmp);
        Path f = tmp.resolve("tokens");
        Files.writeString(f, "ops:short\n");
        Cli.Result r = Cli.run("-w", ws.toString(), "serve", "--port", "0", "--token-file", f.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(f + ":1: the token has 5 characters; expected at least 16");
    }

    @Test
    void badOidcConfig_isRefusedWithItsLine_andNothingStarts() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result missing = Cli.run("-w", ws.toString(), "serve", "--port", "0", "--oidc", tmp.resolve("nope.yml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("--oidc " + tmp.resolve("nope.yml") + ": cannot be read");
        Path f = tmp.resolve("oidc.yml");
        Files.writeString(f, "issuer: https://idp.example.com\nclient_id: loopreg\nbase_url: http://127.0.0.1:8320\nroles:\n  boss: [\"*\"]\n");
        Cli.Result bad = Cli.runWithEnv(Map.of("LOOPREG_OIDC_CLIENT_SECRET", "s"), "-w", ws.toString(), "serve", "--port", "0", "--oidc", f.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo(f + ":5: roles: 'boss' is not a role; expected viewer, approver or operator\n"
                + "loopreg serve: --oidc " + f + " cannot be used; nothing was started\n");
        assertThat(bad.out()).isEmpty();
        // a roles file beside it, checked with its own lines
        Files.writeString(f, "issuer: https://idp.example.com\nclient_id: loopreg\nbase_url: http://127.0.0.1:8320\nroles_file: roles.yml\n");
        Files.writeString(tmp.resolve("roles.yml"), "operator: [group:sre]\napprover: [team:x]\n");
        Cli.Result roles = Cli.runWithEnv(Map.of("LOOPREG_OIDC_CLIENT_SECRET", "s"), "-w", ws.toString(), "serve", "--port", "0", "--oidc", f.toString());
        assertThat(roles.exit()).isEqualTo(1);
        assertThat(roles.err()).startsWith(tmp.resolve("roles.yml") + ":2: approver[0]: 'team:x' is not an entry");
        Files.delete(tmp.resolve("roles.yml"));
        Cli.Result gone = Cli.runWithEnv(Map.of("LOOPREG_OIDC_CLIENT_SECRET", "s"), "-w", ws.toString(), "serve", "--port", "0", "--oidc", f.toString());
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains(": roles_file " + tmp.resolve("roles.yml") + " cannot be read");
    }

    @Test
    void portInUse_isAClearError() throws Exception {
        Path ws = Cli.sample(tmp);
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Cli.Result r = Cli.run("-w", ws.toString(), "serve", "--port", String.valueOf(busy.getLocalPort()));
            assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    @Test
    void notAWorkspace_isRefused() {
        Cli.Result r = Cli.run("-w", tmp.resolve("nothing").toString(), "serve");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isNotBlank();
    }

    @Test
    void sigterm_stopsCleanly_withTheDocumentedExitCode0() throws Exception {
        Path ws = Cli.sample(tmp);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.loopreg.cli.Main", "-w", ws.toString(), "serve", "--port", "0", "--no-schedule")
                .redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuffer seen = new StringBuffer();
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("loopreg serve: http://")) ready.countDown();
                }
            } catch (java.io.IOException ignored) {
                // the stream closes with the process
            } finally {
                ended.countDown();
            }
        });
        reader.start();
        assertThat(ready.await(60, java.util.concurrent.TimeUnit.SECONDS)).as(seen.toString()).isTrue();
        // SIGTERM, as a service manager stops it
        ProcessHandle.of(p.pid()).orElseThrow().destroy();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        ended.await(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(seen.toString()).isZero();
        assertThat(seen.toString()).contains("loopreg serve: stopped");
    }
}
