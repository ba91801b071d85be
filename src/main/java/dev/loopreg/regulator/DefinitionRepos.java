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

    /** Plans {@code repos: [active…]} in every definition bound to {@code loop} whose list differs; returns their paths. */
    static List<String> plan(Regulator reg, String loop, List<String> active, Plan plan) throws IOException {
        Workspace ws = reg.workspace();
        List<String> changed = new ArrayList<>();
        for (Path p : ws.activityDefinitionFiles()) {
            String text = AtomicFiles.read(p);
            var fm = FrontMatter.split(text);
            if (fm.isEmpty()) continue;
            YamlDoc doc;
            try {
                doc = YamlDoc.parse(ws.rel(p), fm.get().yaml(), 1);
            } catch (YamlDoc.SyntaxException ex) {
                reg.notice(ex.problem() + " (its repos were not updated)");
                continue;
            }
            if (!loop.equals(doc.at("/loop").asText(null))) continue;
            JsonNode now = doc.at("/repos");
            List<String> current = new ArrayList<>();
            if (now.isArray()) now.forEach(n -> current.add(n.asText()));
            if (now.isArray() && current.equals(active)) continue;
            plan.replace(p, FrontMatter.join(YamlEdit.setList(fm.get().yaml(), "repos", active), fm.get().body()));
            changed.add(ws.rel(p));
        }
        return changed;
    }
}
