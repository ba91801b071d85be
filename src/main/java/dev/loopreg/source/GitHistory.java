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
            RevCommit c = walk.parseCommit(tip);
            int oldInARow = 0;
            for (int steps = 0; c != null && steps < MAX_COMMITS; steps++) {
                Instant t = Instant.ofEpochSecond(c.getCommitTime());
                // the first-parent chain is not ordered by time when a committer's clock was wrong: stop only after a
                // run of commits dated before the window, so one skewed commit does not hide the merges behind it
                oldInARow = t.isAfter(stop) ? 0 : oldInARow + 1;
                if (oldInARow >= OLD_RUN) break;
                boolean merge = c.getParentCount() >= 2;
                if (t.isAfter(earliest) && prs.matches(c.getShortMessage(), c.getFullMessage())) {
                    out.add(new Merge(t, c.name(), merge ? "merge" : "squash", c.getShortMessage()));
                }
                if (c.getParentCount() == 0) break;
                try {
                    c = walk.parseCommit(c.getParent(0));
                } catch (MissingObjectException e) {
                    break;   // a shallow clone ends here
                }
            }
            return new Result(branch[0], out);
        } catch (RepositoryNotFoundException e) {
            throw new SourceException(rel + ": not a git repository; expected a clone of the repo (merged PRs are read from its history)");
        } catch (IOException | RuntimeException e) {
            throw new SourceException(rel + ": cannot read the git history: " + e.getMessage());
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
