package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.FrontMatter;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.YamlEdit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolver filter of ADR-004: the activity definitions bound to the rotation loop ({@code loop: ID} in their front
 * matter) carry the repos they may work on, {@code repos:}, set to the roster's {@code active} list in the plan of every
 * rotate and revisit, so the fleet's scheduler resolves the loop's sessions to the active repos only.
 */
final class DefinitionRepos {

    private DefinitionRepos() {
    }

    /** A definition whose front matter has {@code key: value}: its file, front matter and parsed YAML. */
    record Bound(Path file, FrontMatter fm, YamlDoc doc) {
    }

    /**
     * The definitions whose front matter has {@code key: value} ({@code loop: ID}, {@code role: collector}); one whose
     * front matter does not parse is said as a notice ({@code what} was not updated) and left out.
     */
    static List<Bound> bound(Regulator reg, String key, String value, String what) throws IOException {
        Workspace ws = reg.workspace();
        List<Bound> out = new ArrayList<>();
        for (Path p : ws.activityDefinitionFiles()) {
            var fm = FrontMatter.split(AtomicFiles.read(p));
            if (fm.isEmpty()) continue;
            try {
                YamlDoc doc = YamlDoc.parse(ws.rel(p), fm.get().yaml(), 1);
                if (value.equals(doc.at("/" + key).asText(null))) out.add(new Bound(p, fm.get(), doc));
            } catch (YamlDoc.SyntaxException ex) {
                reg.notice(ex.problem() + " (its " + what + " was not updated)");
            }
        }
        return out;
    }

    /** Plans {@code repos: [active…]} in every definition bound to {@code loop} whose list differs; returns their paths. */
    static List<String> plan(Regulator reg, String loop, List<String> active, Plan plan) throws IOException {
        List<String> changed = new ArrayList<>();
        for (Bound b : bound(reg, "loop", loop, "repos list")) {
            JsonNode now = b.doc().at("/repos");
            List<String> current = new ArrayList<>();
            if (now.isArray()) now.forEach(n -> current.add(n.asText()));
            if (now.isArray() && current.equals(active)) continue;
            plan.replace(b.file(), FrontMatter.join(YamlEdit.setList(b.fm().yaml(), "repos", active), b.fm().body()));
            changed.add(reg.workspace().rel(b.file()));
        }
        return changed;
    }
}
