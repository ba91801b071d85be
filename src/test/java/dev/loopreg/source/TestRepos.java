package dev.loopreg.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Builds real git repositories with JGit for tests, with commit times chosen by the test. */
public final class TestRepos {

    private TestRepos() {
    }

    public static Git init(Path dir) throws Exception {
        Files.createDirectories(dir);
        return Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
    }

    static PersonIdent who(Instant at) {
        return new PersonIdent("Test Bot", "bot@example.org", at, ZoneOffset.UTC);
    }

    /** A commit on the current branch that changes a file (so it is never empty). */
    public static RevCommit commit(Git g, String message, Instant at) throws Exception {
        Path f = g.getRepository().getWorkTree().toPath().resolve("log.txt");
        Files.writeString(f, message + " " + at + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        g.add().addFilepattern("log.txt").call();
        return g.commit().setMessage(message).setAuthor(who(at)).setCommitter(who(at)).call();
    }

    /** A feature branch with one commit at {@code workAt}, merged into main with a merge commit at {@code mergeAt}. */
    public static RevCommit mergePr(Git g, String branch, Instant workAt, Instant mergeAt) throws Exception {
        return merge(g, branch, workAt, mergeAt, "Merge pull request #7 from org/" + branch);
    }

    /** A feature branch with one commit at {@code workAt}, merged into main with a merge commit saying {@code message}. */
    public static RevCommit merge(Git g, String branch, Instant workAt, Instant mergeAt, String message) throws Exception {
        g.checkout().setCreateBranch(true).setName(branch).call();
        Path f = g.getRepository().getWorkTree().toPath().resolve(branch + ".txt");
        Files.writeString(f, branch + "\n");
        g.add().addFilepattern(branch + ".txt").call();
        g.commit().setMessage("work on " + branch).setAuthor(who(workAt)).setCommitter(who(workAt)).call();
        g.checkout().setName("main").call();
        g.merge().include(g.getRepository().resolve(branch)).setFastForward(MergeCommand.FastForwardMode.NO_FF).setCommit(false).call();
        return g.commit().setMessage(message).setAuthor(who(mergeAt)).setCommitter(who(mergeAt)).call();
    }
}
