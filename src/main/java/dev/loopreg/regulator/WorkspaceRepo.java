package dev.loopreg.regulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A new workspace is a git repository, as {@code cargo new} makes one: the workspace is reviewed, shared and cloned in git
 * (one checkout per replica, the dashboard's ticks attributed to their commit's author), so {@code init} makes the
 * repository and commits the files it wrote — unless the workspace is already inside a repository, or {@code --no-git}.
 */
public final class WorkspaceRepo {

    private WorkspaceRepo() {
    }

    /** Whether {@code dir} is inside a git work tree (its own or a parent's). */
    public static boolean insideOne(Path dir) {
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
        return b.getGitDir() != null;
    }

    /**
     * Makes {@code root} a git repository on branch {@code main} and commits {@code files} (paths under it) as one commit;
     * the author is the person's git identity (their git config), else the system's user name.
     *
     * @return the new commit's abbreviated id
     */
    public static String create(Path root, List<Path> files, String message) throws IOException {
        try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
            var add = git.add();
            Path top = root.toAbsolutePath().normalize();
            for (Path f : files) add.addFilepattern(top.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/'));
            add.call();
            return git.commit().setMessage(message).setSign(false).call().getId().abbreviate(7).name();
        } catch (GitAPIException e) {
            throw new IOException(root + ": cannot make it a git repository (" + e.getMessage() + "); run init with --no-git, or "
                    + "'git init' there yourself", e);
        }
    }
}
