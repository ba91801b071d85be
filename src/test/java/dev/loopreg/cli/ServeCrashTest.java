package dev.loopreg.cli;


import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.workspace.Faults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's actions crash like the CLI's: a {@code serve} process halted at each effect boundary of an approval and of an
 * apply made through the API leaves, once any command has run, the change whole or not at all — a decision with its
 * change, a change with its decision, nothing doubled, validate as clean as the sample.
 */
@org.junit.jupiter.api.parallel.Isolated("measures time: nothing runs beside it")
class ServeCrashTest {

    static final String TOKEN = "s3cret-token-for-tests-0123456789";

    @TempDir
    Path tmp;

    private record Served(Process process, int port, StringBuffer output) {
    }

    private static Served serve(Path ws, Path tokens, int faultAt) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.loopreg.cli.Main", "-w", ws.toString(), "--now", Cli.SAMPLE_NOW,
                "serve", "--port", "0", "--no-schedule", "--token-file", tokens.toString()).redirectErrorStream(true);
        pb.environment().put("LOOPREG_FAULT_AT", Integer.toString(faultAt));
        ServeProcess sp = ServeProcess.start(pb);
        return new Served(sp.process(), sp.port().get(60, TimeUnit.SECONDS), sp.output());
    }

    private static List<JsonNode> decisions(Path ws, String kind, String loop) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl"))) {
            JsonNode n = Mappers.JSON.readTree(l);
            if (n.path("kind").asText().equals(kind) && n.path("loop").asText().equals(loop)) out.add(n);
        }
        return out;
    }

    /** Crashes the server at every boundary of one API action; returns how many boundaries there were. */
    private int everyBoundary(String name, String path, String body, String kind, String cadenceWhenDone) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int k = 1;
        for (; ; k++) {
            Path ws = Cli.sample(tmp.resolve(name + "-" + k));
            Path tokens = tmp.resolve(name + "-" + k + "-tokens");
            Files.writeString(tokens, "ops:" + TOKEN + "\n");
            Served s = serve(ws, tokens, k);
            boolean answered = false;
            if (s.port() > 0) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    answered = true;
                } catch (java.io.IOException dropped) {
                    // the server died in the middle of the action
                }
            }
            if (answered) {
                s.process().destroy();
                assertThat(s.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            } else {
                assertThat(s.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(s.process().exitValue()).as(s.output().toString()).isEqualTo(Faults.HALT_STATUS);
            }
            String at = name + " k=" + k + ": " + s.output();
            // any command finishes what the server left
            Cli.Result any = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status");
            assertThat(any.exit()).as(at + any).isIn(0, ExitCodes.REFUSED);
            assertThat(ws.resolve("loops/.loopreg-journal.json")).as(at).doesNotExist();
            List<JsonNode> made = decisions(ws, kind, path.split("/")[3]);
            assertThat(made).as(at).hasSizeLessThanOrEqualTo(1);
            String cadence = Files.readString(ws.resolve(cadenceWhenDone.split("\\|")[0]));
            assertThat(cadence.contains(cadenceWhenDone.split("\\|")[1])).as(at + "\n" + cadence).isEqualTo(made.size() == 1);
            Cli.Result v = Cli.run("-w", ws.toString(), "validate");
            assertThat(v.exit()).as(at + v).isZero();
            assertThat(v.out()).as(at).endsWith("ok: no errors, 4 warnings in " + ws + "\n");
            if (answered) break;
        }
        assertThat(k).as("boundaries of " + name).isGreaterThan(2);
        return k;
    }

    @Test
    void approveThroughTheApi() throws Exception {
        everyBoundary("approve", "/api/loops/quality-escalation/approve", "{\"note\": \"from the browser\"}", "approval",
                "loops/quality-escalation/cadence.yml|regulator_approval: approved");
    }

    @Test
    void applyThroughTheApi() throws Exception {
        everyBoundary("apply", "/api/loops/kaizen-stack/apply", "{}", "promotion", "loops/kaizen-stack/cadence.yml|phase: stabilize");
    }
}
