package dev.loopreg.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A {@code loopreg serve} started as its own process by a test: the process, its port once printed, and what it printed. */
record ServeProcess(Process process, CompletableFuture<Integer> port, StringBuffer output) {

    /** Starts {@code pb} (its output merged) and reads what it prints; {@link #port} completes with -1 if it never says. */
    static ServeProcess start(ProcessBuilder pb) throws java.io.IOException {
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close();
        StringBuffer seen = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
                    if (line.startsWith("loopreg serve: http://") && m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (java.io.IOException ignored) {
                // the stream closes with the process
            } finally {
                port.complete(-1);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new ServeProcess(p, port, seen);
    }
}
