package dev.loopreg.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Merged pull requests on a repo's default branch, read with JGit: the commits of the branch's first-parent
 * chain whose message says they landed a pull request — a GitHub merge commit ({@code Merge pull request #N}), a
 * squash merge whose first line ends in {@code (#N)}, a GitLab merge ({@code See merge request group/project!N}),
 * or what {@link PullRequests} is configured to recognise — at their committer time (when they landed). Branch
 * merges ({@code Merge branch 'x'}, {@code Merge remote-tracking branch …}) are not pull requests; rebase merges
 * leave no trace a reader can tell from direct pushes and are not counted either.
 */
public final class GitHistory {

    /** Commits are walked back to this long before the earliest instant asked for, for clock skew. */
    static final Duration SKEW = Duration.ofDays(1);
    /** At most this many commits are walked per read. */
    static final int MAX_COMMITS = 100_000;

    /**
     * What counts as a merged pull request.
     *
     * @param firstLine matched against a commit's first message line (a squash merge's title: {@code "Fix it (#12)"})
     * @param message   matched against the whole message, line by line ({@code ^} is a line start)
     */
    public record PullRequests(Pattern firstLine, List<Pattern> message) {
        /** GitHub merge commits and GitLab merges. */
        public static final List<String> DEFAULT_MESSAGE = List.of("^Merge pull request #\\d+\\b", "^See merge request \\S*!\\d+\\s*$");

        public PullRequests {
            message = List.copyOf(message);
        }

        /** The default patterns with {@code squash} for the first line. */
        public static PullRequests of(Pattern squash) {
            return new PullRequests(squash, DEFAULT_MESSAGE.stream().map(p -> Pattern.compile(p, Pattern.MULTILINE)).toList());
        }

        public static PullRequests of(String squash, List<String> message) {
            return new PullRequests(Pattern.compile(squash), message.stream().map(p -> Pattern.compile(p, Pattern.MULTILINE)).toList());
        }

        public boolean matches(String shortMessage, String fullMessage) {
            if (firstLine != null && firstLine.matcher(shortMessage).find()) return true;
            for (Pattern p : message) {
                if (p.matcher(fullMessage).find()) return true;
            }
            return false;
        }
    }

    /** A merged PR. */
    public record Merge(Instant at, String commit, String kind, String title) {
    }

    /** What was read: the branch and the merges after the earliest instant, newest first. */
    public record Result(String branch, List<Merge> merges) {
    }

    private GitHistory() {
    }

    /**
     * @param repoDir  a clone (its work tree, or a bare repository)
     * @param rel      the directory as shown in messages
     * @param earliest merges at or before it are not returned
     */
    public static Result merges(Path repoDir, String rel, Pattern squash, Instant earliest) throws SourceException {
        return merges(repoDir, rel, PullRequests.of(squash), earliest);
    }

    /** Commits dated before the window in a row after which the walk stops: one skewed clock does not end it. */
    static final int OLD_RUN = 50;

    /**
     * @param repoDir  a clone (its work tree, or a bare repository)
     * @param rel      the directory as shown in messages
     * @param prs      what counts as a merged pull request
     * @param earliest merges at or before it are not returned
     */
    public static Result merges(Path repoDir, String rel, PullRequests prs, Instant earliest) throws SourceException {
        if (!Files.isDirectory(repoDir)) {
            throw new SourceException(rel + ": repo directory is missing; expected a clone under repos_root");
        }
        try (Git git = Git.open(repoDir.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repo = git.getRepository();
            String[] branch = new String[1];
            ObjectId tip = defaultBranch(repo, branch);
            if (tip == null) {
                return new Result(null, List.of());   // an empty repository has merged nothing
            }
            List<Merge> out = new ArrayList<>();
            Instant stop = earliest.minus(SKEW);
            Chain chain = new Chain(repoDir, tip, walk);
            int oldInARow = 0;
            for (int steps = 0; steps < MAX_COMMITS; steps++) {
                Commit c = chain.next();
                if (c == null) break;
                Instant t = c.at();
                // the first-parent chain is not ordered by time when a committer's clock was wrong: stop only after a
                // run of commits dated before the window, so one skewed commit does not hide the merges behind it
                oldInARow = t.isAfter(stop) ? 0 : oldInARow + 1;
                if (oldInARow >= OLD_RUN) break;
                if (t.isAfter(earliest) && prs.matches(c.shortMessage(), c.fullMessage())) {
                    out.add(new Merge(t, c.id().name(), c.parents() >= 2 ? "merge" : "squash", c.shortMessage()));
                }
            }
            chain.remember();
            return new Result(branch[0], out);
        } catch (RepositoryNotFoundException e) {
            throw new SourceException(rel + ": not a git repository; expected a clone of the repo (merged PRs are read from its history)");
        } catch (IOException | RuntimeException e) {
            throw new SourceException(rel + ": cannot read the git history: " + e.getMessage());
        }
    }

    /** One commit of a first-parent chain, as much of it as the reading needs. */
    record Commit(ObjectId id, Instant at, int parents, ObjectId firstParent, String shortMessage, String fullMessage) {
    }

    /**
     * The commits of a repo's first-parent chain read last, newest first, by repo: a long-running process (serve, the
     * demo's 504 cycles) reads only the commits added since, then goes on through these — the chain below a commit
     * cannot change while its id stays the same. Bounded: past {@link #REMEMBERED} repos it starts over.
     */
    private static final java.util.Map<Path, List<Commit>> READ = new java.util.concurrent.ConcurrentHashMap<>();
    static final int REMEMBERED = 1024;

    /** Forgets the chains read (tests compare a reading that uses them with one that does not). */
    static void forget() {
        READ.clear();
    }

    /** The first-parent chain from a tip: the new commits from git, then the ones read before, then git again. */
    private static final class Chain {
        private final Path key;
        private final RevWalk walk;
        private final List<Commit> known;
        private final java.util.Map<ObjectId, Integer> knownAt = new java.util.HashMap<>();
        private final List<Commit> taken = new ArrayList<>();
        private ObjectId next;
        private int inKnown = -1;

        Chain(Path repoDir, ObjectId tip, RevWalk walk) {
            this.key = repoDir.toAbsolutePath().normalize();
            this.walk = walk;
            this.known = READ.getOrDefault(key, List.of());
            for (int i = 0; i < known.size(); i++) knownAt.put(known.get(i).id(), i);
            this.next = tip;
        }

        /** The next commit down the chain, or null at its root (or where a shallow clone ends). */
        Commit next() throws IOException {
            Commit c;
            if (inKnown < 0 && next != null && knownAt.containsKey(next)) inKnown = knownAt.get(next);
            if (inKnown >= 0 && inKnown < known.size()) {
                c = known.get(inKnown++);
            } else {
                if (next == null) return null;
                RevCommit r;
                try {
                    r = walk.parseCommit(next);
                } catch (MissingObjectException e) {
                    return null;   // a shallow clone ends here
                }
                c = new Commit(r.copy(), Instant.ofEpochSecond(r.getCommitTime()), r.getParentCount(),
                        r.getParentCount() == 0 ? null : r.getParent(0).copy(), r.getShortMessage(), r.getFullMessage());
                inKnown = -1;
            }
            next = c.firstParent();
            if (inKnown >= known.size()) inKnown = -1;   // past what was read before: git again, from its first parent
            taken.add(c);
            return c;
        }

        /** Keeps what this reading took, for the next. */
        void remember() {
            if (READ.size() >= REMEMBERED) READ.clear();
            READ.put(key, List.copyOf(taken));
        }
    }

    /** {@code origin/HEAD}'s branch, else {@code main}, else {@code master}, else {@code HEAD}. */
    static ObjectId defaultBranch(Repository repo, String[] name) throws IOException {
        Ref originHead = repo.exactRef("refs/remotes/origin/HEAD");
        if (originHead != null && originHead.getObjectId() != null) {
            name[0] = originHead.isSymbolic() ? originHead.getTarget().getName() : originHead.getName();
            return originHead.getObjectId();
        }
        for (String r : List.of("refs/heads/main", "refs/heads/master", "HEAD")) {
            Ref ref = repo.exactRef(r);
            if (ref != null && ref.getObjectId() != null) {
                name[0] = ref.isSymbolic() ? ref.getTarget().getName() : ref.getName();
                return ref.getObjectId();
            }
        }
        return null;
    }
}
