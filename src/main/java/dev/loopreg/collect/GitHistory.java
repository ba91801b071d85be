package dev.loopreg.collect;

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
 * chain that are merge commits (two or more parents) or squash merges (one parent, first message line
 * matching the squash pattern, GitHub's {@code "Title (#123)"} by default), at their committer time (when
 * they landed). Rebase merges leave no trace a reader can tell from direct pushes and are not counted.
 */
public final class GitHistory {

    /** Commits are walked back to this long before the earliest instant asked for, for clock skew. */
    static final Duration SKEW = Duration.ofDays(1);
    /** At most this many commits are walked per read. */
    static final int MAX_COMMITS = 100_000;

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
            for (int steps = 0; c != null && steps < MAX_COMMITS; steps++) {
                Instant t = Instant.ofEpochSecond(c.getCommitTime());
                if (!t.isAfter(stop)) break;
                boolean merge = c.getParentCount() >= 2;
                boolean squashed = !merge && squash.matcher(c.getShortMessage()).find();
                if ((merge || squashed) && t.isAfter(earliest)) {
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
