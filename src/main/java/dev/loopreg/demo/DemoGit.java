package dev.loopreg.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * One demo fleet repository with a real git history, written with JGit's object inserter: commits carry the
 * simulated instants (so the same seed gives the same commit ids), merges of pull requests are true two-parent
 * merge commits, squash merges are single-parent commits ending in {@code (#n)}. The work tree is brought in
 * line with {@code main} once, at the end ({@link #checkout()}).
 */
final class DemoGit implements AutoCloseable {

    private static final String MAIN = "refs/heads/main";

    private final Git git;
    private final Repository repo;
    private final Map<String, String> files = new TreeMap<>();   // main's tree: flat file name -> content
    private ObjectId head;
    private int lastPr;

    private DemoGit(Git git, int firstPr) {
        this.git = git;
        this.repo = git.getRepository();
        this.lastPr = firstPr - 1;
    }

    /** A new repository at {@code dir} whose first commit (at {@code at}) holds {@code readme}. */
    static DemoGit init(Path dir, String readme, Instant at, int firstPr) throws IOException {
        Git g;
        try {
            g = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("git init " + dir + ": " + e.getMessage(), e);
        }
        DemoGit d = new DemoGit(g, firstPr);
        d.files.put("README.md", readme);
        d.files.put("CHANGELOG.md", "# Changelog\n");
        d.head = d.commit("Initial import", at);
        d.moveMain(d.head, at);
        return d;
    }

    private static PersonIdent who(Instant at) {
        return new PersonIdent("Kaizen Bot", "kaizen-bot@example.org", at, ZoneOffset.UTC);
    }

    /** A pull request merged with a merge commit at {@code mergeAt}; its work commit is 20 minutes older. */
    int mergePr(String title, Instant mergeAt) throws IOException {
        int n = ++lastPr;
        files.merge("CHANGELOG.md", "- " + title + " (PR #" + n + ")\n", String::concat);
        ObjectId work = commit(title, mergeAt.minusSeconds(20 * 60), head);
        head = commit("Merge pull request #" + n + " from kaizen-bot/pr-" + n + "\n\n" + title + "\n", mergeAt, head, work);
        moveMain(head, mergeAt);
        return n;
    }

    /** A pull request squash-merged at {@code at}: one commit on main whose subject ends in {@code (#n)}. */
    int squashPr(String title, Instant at) throws IOException {
        int n = ++lastPr;
        files.merge("CHANGELOG.md", "- " + title + " (PR #" + n + ")\n", String::concat);
        head = commit(title + " (#" + n + ")", at, head);
        moveMain(head, at);
        return n;
    }

    private ObjectId commit(String message, Instant at, ObjectId... parents) throws IOException {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            TreeFormatter tree = new TreeFormatter();
            for (Map.Entry<String, String> f : files.entrySet()) {
                tree.append(f.getKey(), FileMode.REGULAR_FILE,
                        ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(ins.insert(tree));
            c.setParentIds(parents);
            c.setAuthor(who(at));
            c.setCommitter(who(at));
            c.setMessage(message);
            ObjectId id = ins.insert(c);
            ins.flush();
            return id;
        }
    }

    private void moveMain(ObjectId to, Instant at) throws IOException {
        RefUpdate ru = repo.updateRef(MAIN);
        ru.setNewObjectId(to);
        ru.disableRefLog();
        ru.setForceUpdate(true);
        RefUpdate.Result r = ru.update();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("cannot move main of " + repo.getWorkTree() + " to " + to.name() + " at " + at + ": " + r);
        }
    }

    /** Brings the index and the work tree in line with {@code main} (untracked {@code .kaizen/} files stay). */
    void checkout() throws IOException {
        try {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(MAIN).call();
        } catch (GitAPIException e) {
            throw new IOException("git reset --hard in " + repo.getWorkTree() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
