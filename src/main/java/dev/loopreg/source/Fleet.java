package dev.loopreg.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.Slots;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.AgentMetrics;
import dev.loopreg.health.KaizenCodec;
import dev.loopreg.health.Outcome;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.JsonlTail;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The agent metrics of a loop's repos: {@code .kaizen/metrics/<agent>/executions.jsonl} (only the lines
 * inside the intervals, read backwards from the end) or else {@code summary.json}, for every repo and
 * agent, read in parallel by a bounded pool. Results come back in repo and agent order, whatever the
 * order the reads finish in.
 */
public final class Fleet {

    /** What the reads gave: per slot, the figures of every repo and agent; and what could not be read. */
    public record Result(List<List<AgentMetrics.Figures>> perSlot, List<String> failures, int reads) {
    }

    private Fleet() {
    }

    /** The repos a loop covers ({@code repos: roster | rollout | [list]}). */
    public static Outcome<List<String>> repos(Workspace ws, String loop, LoopConfig c) {
        if (c.repos() == null) {
            if (c.repoList().isEmpty()) {
                return Outcome.notConfigured("no repos in loop.yml (repos: roster | rollout | [list])");
            }
            return checked(c.repoList(), "loops/" + loop + "/loop.yml repos");
        }
        Path file = ws.loopDir(loop).resolve(c.repos().equals("roster") ? "roster.yaml" : "rollout.yaml");
        String rel = ws.rel(file);
        String key = c.repos().equals("roster") ? "active" : "repos";
        if (!Files.exists(file)) {
            return Outcome.failed(rel + ": file is missing; expected the " + c.repos() + " named by loop.yml repos");
        }
        YamlDoc doc;
        try {
            doc = YamlDoc.parse(rel, AtomicFiles.read(file));
        } catch (YamlDoc.SyntaxException e) {
            return Outcome.failed(e.problem().toString());
        } catch (IOException e) {
            return Outcome.failed(rel + ": cannot read: " + dev.loopreg.workspace.AtomicFiles.reason(e));
        }
        JsonNode list = doc.at("/" + key);
        if (!list.isArray()) {
            return Outcome.failed(rel + ":" + doc.lineOf("/" + key) + ": " + key + " is "
                    + (list.isMissingNode() ? "missing" : "not a list") + "; expected a list of repos (names or {repo: name})");
        }
        List<String> repos = new ArrayList<>();
        int i = 0;
        for (JsonNode e : list) {
            String name = e.isTextual() ? e.asText() : e.path("repo").isTextual() ? e.path("repo").asText() : null;
            if (name == null || name.isBlank()) {
                return Outcome.failed(rel + ":" + doc.lineOf("/" + key + "/" + i) + ": " + key + "[" + i
                        + "] has no repo name; expected a name or {repo: name, ...}");
            }
            repos.add(name.strip());
            i++;
        }
        if (repos.isEmpty()) {
            return Outcome.noData(rel + ": " + key + " is empty; no repo to read");
        }
        return checked(repos, rel);
    }

    private static Outcome<List<String>> checked(List<String> repos, String where) {
        for (String r : repos) {
            if (r.startsWith("/") || r.contains("\\") || List.of(r.split("/")).contains("..") || r.isBlank()) {
                return Outcome.failed(where + ": repo '" + r + "' is not a repo name; expected a directory name under repos_root "
                        + "(no absolute path, no '..')");
            }
        }
        return Outcome.of(List.copyOf(repos));
    }

    /**
     * Reads every repo and agent for {@code slots}.
     *
     * @param root    repos_root, resolved
     * @param rootRel repos_root as written, for messages
     */
    public static Result read(Path root, String rootRel, List<String> repos, List<String> agents, List<Slots.Slot> slots,
                              int parallelism, Progress.Task progress) {
        Instant earliest = slots.get(0).from();
        List<Future<Object>> futures = new ArrayList<>();
        ExecutorService pool = Pools.open("loopreg-fleet", parallelism, repos.size() * agents.size());
        try {
            for (String repo : repos) {
                for (String agent : agents) {
                    futures.add(pool.submit(() -> {
                        try {
                            return readOne(root, rootRel, repo, agent, slots, earliest);
                        } catch (SourceException e) {
                            return e.getMessage();
                        } finally {
                            progress.step();
                        }
                    }));
                }
            }
            List<List<AgentMetrics.Figures>> perSlot = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) perSlot.add(new ArrayList<>());
            List<String> failures = new ArrayList<>();
            for (Future<Object> f : futures) {
                Object o;
                try {
                    o = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("interrupted");
                    break;
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                    continue;
                }
                if (o instanceof String s) {
                    failures.add(s);
                } else {
                    @SuppressWarnings("unchecked")
                    List<AgentMetrics.Figures> bySlot = (List<AgentMetrics.Figures>) o;
                    for (int i = 0; i < bySlot.size(); i++) perSlot.get(i).add(bySlot.get(i));
                }
            }
            return new Result(perSlot, failures, futures.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<AgentMetrics.Figures> readOne(Path root, String rootRel, String repo, String agent,
                                                      List<Slots.Slot> slots, Instant earliest) throws SourceException {
        Path repoDir = root.resolve(repo);
        String repoRel = rootRel + "/" + repo;
        if (!Files.isDirectory(repoDir)) {
            throw new SourceException(repoRel + ": repo directory is missing; expected a clone under repos_root");
        }
        Path dir = repoDir.resolve(".kaizen/metrics").resolve(agent);
        String dirRel = repoRel + "/.kaizen/metrics/" + agent;
        Path executions = dir.resolve("executions.jsonl");
        List<AgentMetrics.Figures> out = new ArrayList<>();
        if (Files.exists(executions)) {
            List<AgentMetrics.Execution> inSpan = executions(executions, dirRel + "/executions.jsonl", earliest);
            for (Slots.Slot s : slots) {
                out.add(AgentMetrics.fromExecutions(repo, agent, inSpan, s.from(), s.cycle()));
            }
            return out;
        }
        Path summary = dir.resolve("summary.json");
        String rel = dirRel + "/summary.json";
        if (!Files.exists(summary)) {
            throw new SourceException(rel + ": file is missing (and no executions.jsonl); expected the agent's metrics summary");
        }
        AgentMetrics.Summary sm;
        try {
            sm = KaizenCodec.summary(Mappers.JSON.readTree(Files.readString(summary)));
        } catch (KaizenCodec.KaizenException e) {
            throw new SourceException(rel + ": " + e.getMessage());
        } catch (IOException e) {
            throw new SourceException(rel + ": not valid JSON; expected a JSON object");
        }
        AgentMetrics.Figures f = AgentMetrics.fromSummary(repo, agent, sm);
        for (int i = 0; i < slots.size(); i++) out.add(f);
        return out;
    }

    /**
     * The executions after {@code earliest}, read from the end of the file backwards: the file is
     * append-only in time order, so the first older line ends the read. An unterminated last line that
     * does not parse is an execution being written, and is left for the next collection.
     */
    static List<AgentMetrics.Execution> executions(Path file, String rel, Instant earliest) throws SourceException {
        return since(file, rel, earliest, KaizenCodec::execution, AgentMetrics.Execution::at, "one execution object per line");
    }

    /** Reads one line of a kaizen JSONL file. */
    interface LineReader<T> {
        T read(JsonNode n) throws KaizenCodec.KaizenException;
    }

    /**
     * The items of an append-only, time-ordered JSONL file that are after {@code earliest}, read from the end
     * backwards: the first older item ends the read. An unterminated last line that does not parse is being
     * written and is skipped; any other bad line is an error naming {@code rel:line}.
     */
    static <T> List<T> since(Path file, String rel, Instant earliest, LineReader<T> reader,
                             java.util.function.Function<T, Instant> at, String expected) throws SourceException {
        List<T> out = new ArrayList<>();
        try (JsonlTail tail = JsonlFile.tail(file)) {
            boolean first = true;
            while (tail.hasNext()) {
                JsonlFile.Line line = tail.next();
                T item;
                try {
                    item = reader.read(Mappers.JSON.readTree(line.text()));
                } catch (IOException | KaizenCodec.KaizenException ex) {
                    if (first && !line.terminated()) {
                        first = false;
                        continue;
                    }
                    String why = ex instanceof KaizenCodec.KaizenException ? ex.getMessage() : "not valid JSON; expected " + expected;
                    throw new SourceException(rel + ":" + JsonlFile.lineNumberAt(file, line.offset()) + ": " + why);
                }
                first = false;
                if (!at.apply(item).isAfter(earliest)) {
                    break;
                }
                out.add(item);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SourceException(rel + ": cannot read: " + dev.loopreg.workspace.AtomicFiles.reason(e));
        }
        return out;
    }

    /** The first {@code n} failures, and how many more there are. */
    public static String first(List<String> failures, int n) {
        StringBuilder sb = new StringBuilder(String.join("; ", failures.subList(0, Math.min(n, failures.size()))));
        if (failures.size() > n) sb.append("; and ").append(failures.size() - n).append(" more");
        return sb.toString();
    }
}
