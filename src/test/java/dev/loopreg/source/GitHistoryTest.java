package dev.loopreg.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.rotation.RotationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistoryTest {

    static final Pattern SQUASH = Pattern.compile(RotationPolicy.DEFAULT_SQUASH);

    @TempDir
    Path tmp;

    static Instant t(String hhmm) {
        return Instant.parse("2026-07-01T" + hhmm + ":00Z");
    }

    @Test
    void merges_countsMergeCommitsAndSquashMergesOnTheFirstParentChain() throws Exception {
        Path dir = tmp.resolve("repo-a");
        try (Git g = TestRepos.init(dir)) {
            TestRepos.commit(g, "initial import", t("08:00"));
            TestRepos.mergePr(g, "feature-x", t("08:30"), t("09:10"));          // a merge commit
            TestRepos.commit(g, "Add retry to the client (#12)", t("09:40"));    // a squash merge
            TestRepos.commit(g, "fix typo in README", t("10:05"));              // a direct push: not a PR
            TestRepos.mergePr(g, "feature-y", t("07:00"), t("11:20"));          // branch work before the window
        }
        GitHistory.Result r = GitHistory.merges(dir, "../fleet/repo-a", SQUASH, t("09:00"));
        assertThat(r.branch()).isEqualTo("refs/heads/main");
        assertThat(r.merges()).extracting(GitHistory.Merge::kind).containsExactly("merge", "squash", "merge");
        assertThat(r.merges()).extracting(GitHistory.Merge::at).containsExactly(t("11:20"), t("09:40"), t("09:10"));
        // the window starts after the first merge: it is left out; the branch's own commits never count
        GitHistory.Result later = GitHistory.merges(dir, "../fleet/repo-a", SQUASH, t("09:10"));
        assertThat(later.merges()).extracting(GitHistory.Merge::at).containsExactly(t("11:20"), t("09:40"));
    }

    @Test
    void merges_followsOriginHeadWhenTheCloneHasOne() throws Exception {
        Path dir = tmp.resolve("repo-b");
        try (Git g = TestRepos.init(dir)) {
            TestRepos.commit(g, "initial", t("08:00"));
            TestRepos.mergePr(g, "f1", t("08:10"), t("08:20"));
            // the remote's default branch is 'trunk', which has a squash merge main does not
            g.checkout().setCreateBranch(true).setName("trunk").call();
            TestRepos.commit(g, "Trunk only change (#99)", t("08:40"));
            g.checkout().setName("main").call();
            var update = g.getRepository().updateRef("refs/remotes/origin/trunk");
            update.setNewObjectId(g.getRepository().resolve("trunk"));
            update.update();
            g.getRepository().getRefDatabase().newUpdate("refs/remotes/origin/HEAD", false).link("refs/remotes/origin/trunk");
        }
        GitHistory.Result r = GitHistory.merges(dir, "repo-b", SQUASH, t("08:00"));
        assertThat(r.branch()).isEqualTo("refs/remotes/origin/trunk");
        assertThat(r.merges()).extracting(GitHistory.Merge::kind).containsExactly("squash", "merge");
    }

    @Test
    void merges_customSquashPattern() throws Exception {
        Path dir = tmp.resolve("repo-c");
        try (Git g = TestRepos.init(dir)) {
            TestRepos.commit(g, "Merged PR 4411: speed up the build", t("09:30"));
        }
        assertThat(GitHistory.merges(dir, "repo-c", SQUASH, t("09:00")).merges()).isEmpty();
        assertThat(GitHistory.merges(dir, "repo-c", Pattern.compile("^Merged PR \\d+:"), t("09:00")).merges()).hasSize(1);
    }

    @Test
    void merges_emptyRepository_hasNoMerges_notARepository_isAClearError() throws Exception {
        Path empty = tmp.resolve("empty");
        TestRepos.init(empty).close();
        assertThat(GitHistory.merges(empty, "empty", SQUASH, t("09:00")).merges()).isEmpty();
        Path plain = tmp.resolve("plain");
        Files.createDirectories(plain);
        assertThatThrownBy(() -> GitHistory.merges(plain, "../fleet/plain", SQUASH, t("09:00")))
                .hasMessage("../fleet/plain: not a git repository; expected a clone of the repo (merged PRs are read from its history)");
        assertThatThrownBy(() -> GitHistory.merges(tmp.resolve("gone"), "../fleet/gone", SQUASH, t("09:00")))
                .hasMessageContaining("repo directory is missing");
    }

    @Test
    void merges_countsPullRequestsOnly_notBranchMerges_andKnowsGitLab() throws Exception {
        Path dir = tmp.resolve("repo-pr");
        try (Git g = TestRepos.init(dir)) {
            TestRepos.commit(g, "initial import", t("08:00"));
            TestRepos.merge(g, "f1", t("08:10"), t("09:10"), "Merge pull request #31 from org/f1\n\nAdd the cache");        // GitHub
            TestRepos.merge(g, "f2", t("08:20"), t("09:20"), "Merge branch 'f2'");                                      // a branch merge
            TestRepos.merge(g, "f3", t("08:30"), t("09:30"), "Merge remote-tracking branch 'origin/main' into f3");     // a sync
            TestRepos.merge(g, "f4", t("08:40"), t("09:40"), "Merge branch 'f4' into 'main'\n\nFix the parser\n\nSee merge request team/app!42"); // GitLab
            TestRepos.commit(g, "Tighten the budget (#44)", t("09:50"));                                                // squash
            TestRepos.commit(g, "Mention #44 in the changelog", t("09:55"));                                           // not a PR
        }
        GitHistory.Result r = GitHistory.merges(dir, "repo-pr", SQUASH, t("09:00"));
        assertThat(r.merges()).extracting(GitHistory.Merge::title)
                .containsExactly("Tighten the budget (#44)", "Merge branch 'f4' into 'main'", "Merge pull request #31 from org/f1");
        // the patterns are configurable: an Azure DevOps shop counts its own merges
        GitHistory.PullRequests azure = GitHistory.PullRequests.of("^$never", java.util.List.of("^Merged PR \\d+:"));
        assertThat(GitHistory.merges(dir, "repo-pr", azure, t("09:00")).merges()).isEmpty();
    }

    @Test
    void merges_aCommitWithASkewedClock_doesNotHideTheMergesBehindIt() throws Exception {
        Path dir = tmp.resolve("repo-skew");
        try (Git g = TestRepos.init(dir)) {
            TestRepos.commit(g, "initial import", t("08:00"));
            TestRepos.mergePr(g, "f1", t("08:10"), t("09:10"));
            TestRepos.commit(g, "committed on a machine whose clock said 1999", Instant.parse("1999-01-01T00:00:00Z"));
            TestRepos.mergePr(g, "f2", t("09:20"), t("10:00"));
        }
        assertThat(GitHistory.merges(dir, "repo-skew", SQUASH, t("09:00")).merges()).extracting(GitHistory.Merge::at)
                .containsExactly(t("10:00"), t("09:10"));
    }

    @Test
    void rotationPolicy_readsPrPatterns_andRefusesABadOne() throws Exception {
        java.util.List<dev.loopreg.format.Problem> problems = new java.util.ArrayList<>();
        RotationPolicy p = RotationPolicy.read(dev.loopreg.format.YamlDoc.parse("rotation-policy.yml",
                "signals:\n  no_marginal_gain:\n    pr_patterns: ['^Merged PR \\d+:']\n"), problems);
        assertThat(problems).isEmpty();
        assertThat(p.prPatterns()).containsExactly("^Merged PR \\d+:");
        assertThat(RotationPolicy.defaults().prPatterns()).isEqualTo(GitHistory.PullRequests.DEFAULT_MESSAGE);
        RotationPolicy.read(dev.loopreg.format.YamlDoc.parse("rotation-policy.yml",
                "signals:\n  no_marginal_gain:\n    pr_patterns: ['(unclosed']\n"), problems);
        assertThat(problems).singleElement().satisfies(x -> assertThat(x.toString())
                .isEqualTo("rotation-policy.yml:3: pr_patterns: '(unclosed' is not a regular expression (Java syntax)"));
    }

    /**
     * A process that reads the same repo again reads only the commits added since and goes on through the chain it read
     * before: the merges are those of a reading from scratch — after new merges, for a window reaching further back
     * than the last reading did, and after the branch was rewritten (reset and other merges).
     */
    @Test
    void readingAgain_usesTheChainReadBefore_andFindsWhatAFreshReadingFinds() throws Exception {
        Path dir = tmp.resolve("repo-again");
        java.util.function.Function<Instant, java.util.List<GitHistory.Merge>> warm = from -> {
            try {
                return GitHistory.merges(dir, "repo", SQUASH, from).merges();
            } catch (SourceException e) {
                throw new IllegalStateException(e);
            }
        };
        java.util.function.Function<Instant, java.util.List<GitHistory.Merge>> cold = from -> {
            GitHistory.forget();
            return warm.apply(from);
        };
        try (Git g = TestRepos.init(dir)) {
            TestRepos.commit(g, "initial import", t("01:00"));
            for (int h = 2; h < 9; h++) TestRepos.commit(g, "Change " + h + " (#" + h + ")", t(String.format("%02d:00", h)));
            GitHistory.forget();
            assertThat(warm.apply(t("06:30"))).hasSize(2);
            TestRepos.mergePr(g, "feature-z", t("09:00"), t("09:30"));
            TestRepos.commit(g, "Later change (#42)", t("10:00"));
            var afterNew = warm.apply(t("06:30"));
            assertThat(afterNew).isEqualTo(cold.apply(t("06:30"))).hasSize(4);
            warm.apply(t("09:15"));                                       // a short reading is remembered
            var further = warm.apply(t("02:30"));                          // then one reaching further back
            assertThat(further).isEqualTo(cold.apply(t("02:30"))).hasSize(8);
            // the branch rewritten: reset to the 05:00 change, then other merges
            g.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("HEAD~5").call();
            TestRepos.commit(g, "Rewritten (#77)", t("11:00"));
            var rewritten = warm.apply(t("03:30"));
            assertThat(rewritten).isEqualTo(cold.apply(t("03:30")));
            assertThat(rewritten).extracting(GitHistory.Merge::title).containsExactly("Rewritten (#77)", "Change 5 (#5)", "Change 4 (#4)");
        }
    }
}
