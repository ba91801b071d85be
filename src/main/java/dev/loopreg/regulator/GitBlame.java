package dev.loopreg.regulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.blame.BlameGenerator;
import org.eclipse.jgit.blame.BlameResult;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Who wrote a line of a workspace file, from git (JGit blame of the working tree against HEAD): used to record
 * who ticked a dashboard checkbox. Only the lines asked for are computed, so a long history of regenerated
 * dashboards costs what reaching those lines costs.
 */
final class GitBlame {

    /** The author of one line: from a commit, or uncommitted (then {@code commit} is null). */
    record Author(String name, String email, String commit) {
        String display() {
            return email == null || email.isBlank() ? name : name + " <" + email + ">";
        }
    }

    private GitBlame() {
    }

    /**
     * The authors of the given 1-based lines of {@code file}, or an empty map when the file is not inside a git
     * repository with a HEAD. An uncommitted line maps to an author with a null name.
     */
    static Map<Integer, Author> authors(Path file, List<Integer> lines) throws IOException {
        Map<Integer, Author> out = new LinkedHashMap<>();
        if (lines.isEmpty()) return out;
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(file.toAbsolutePath().getParent().toFile());
        if (b.getGitDir() == null) return out;
        try (Repository repo = b.build()) {
            if (repo.isBare() || repo.resolve("HEAD") == null) return out;
            Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            Path abs = file.toAbsolutePath().normalize();
            if (!abs.startsWith(top)) return out;
            String path = top.relativize(abs).toString().replace('\\', '/');
            try (BlameGenerator gen = new BlameGenerator(repo, path)) {
                gen.prepareHead();
                DirCache dc = repo.readDirCache();
                int entry = dc.findEntry(path);
                if (entry >= 0) gen.push(null, dc.getEntry(entry).getObjectId());
                gen.push(null, new RawText(Files.readAllBytes(abs)));
                BlameResult r = BlameResult.create(gen);
                if (r == null) return out;
                int size = r.getResultContents().size();
                for (int line : lines) {
                    int i = line - 1;
                    if (i < 0 || i >= size) continue;
                    r.computeRange(i, i + 1);
                    RevCommit c = r.getSourceCommit(i);
                    PersonIdent who = r.getSourceAuthor(i);
                    out.put(line, c == null || who == null ? new Author(null, null, null)
                            : new Author(who.getName(), who.getEmailAddress(), c.getName()));
                }
            }
        } catch (org.eclipse.jgit.api.errors.NoHeadException e) {
            return out;
        }
        return out;
    }
}
