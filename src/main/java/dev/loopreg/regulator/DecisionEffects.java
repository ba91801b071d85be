package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.outbox.DecisionRecords;
import dev.loopreg.outbox.Delivery;
import dev.loopreg.outbox.Outbox;
import dev.loopreg.outbox.OwnerNotices;
import dev.loopreg.source.HttpJson;
import dev.loopreg.source.SourceException;
import dev.loopreg.store.OutboxLog;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.CollectSettings;
import dev.loopreg.workspace.OutboxSettings;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The queueing half of the outbox: the external effects a decision's plan causes, added to that plan so the decision and
 * its deliveries are written together (the journal on files, the transaction on PostgreSQL) — each decision's record in
 * state-hub, and a notice to the owner of every activity definition the plan changes. {@link Deliveries} sends them.
 */
final class DecisionEffects {

    private DecisionEffects() {
    }

    /**
     * {@code plan} with the outbox lines of the decisions it appends: each decision's record in state-hub when state-hub is
     * configured ({@code state_hub.url}) and the decision has a workstream (its loop's workplan's
     * {@code state_hub_workstream_id}, else policy.yml {@code decisions.state_hub_workstream}). An entry already queued
     * (a retried plan) is not queued again.
     */
    static Plan enqueue(Regulator reg, Plan plan) throws IOException {
        Workspace ws = reg.workspace();
        List<JsonNode> decisions = new ArrayList<>();
        for (Plan.Effect e : plan.effects()) {
            if (e instanceof Plan.Append a && a.file().equals(ws.decisions())) {
                for (String line : a.lines()) decisions.add(Mappers.JSON.readTree(line));
            }
        }
        if (decisions.isEmpty()) return plan;
        Deliveries.Config c = Deliveries.config(reg);
        boolean hub = c.collect().stateHub().url() != null;
        boolean webhook = c.collect().urgent().webhookUrl() != null;
        if (!hub && !webhook) return plan;
        OutboxLog log = reg.store().outbox();
        Set<String> known = new HashSet<>();
        for (Outbox.Entry en : log.state().entries()) known.add(en.delivery().key());
        java.util.function.Consumer<Delivery> queue = x -> {
            if (!known.add(x.key())) return;
            log.append(plan, x.key(), List.of(Outbox.queued(x)));
            reg.queuedDelivery(x.key());
        };
        String firstWorkstream = null;
        for (JsonNode d : decisions) {
            String loop = d.path("loop").asText(null);
            String workstream = loop == null || d.has("repo") ? null : reg.reader().workstreamOf(loop);
            if (workstream == null) workstream = c.outbox().decisionsWorkstream();
            if (d == decisions.get(0)) firstWorkstream = workstream;
            if (workstream == null || !hub) continue;
            String id = d.path("id").asText("");
            Instant at = parse(d.path("at").asText(null));
            String record = recordOf(ws, plan, id);
            List<String> exitTasks = loop == null || d.has("repo") ? List.of() : reg.reader().exitTaskHubIds(loop);
            DecisionRecords.of(d, record, workstream, exitTasks, at).ifPresent(queue);
        }
        // the owners of the definitions the plan changes are told, with the plan's (first) decision
        JsonNode first = decisions.get(0);
        String id = first.path("id").asText("");
        if (id.isEmpty()) return plan;
        for (OwnerChange oc : ownerChanges(reg, plan)) {
            OwnerNotices.of(id, first.path("loop").asText(null), oc.definition(), oc.owner(), oc.changes(),
                    hub ? firstWorkstream : null, webhook, parse(first.path("at").asText(null))).forEach(queue);
        }
        return plan;
    }

    /** A definition the plan changes, whose owner is told: its path, owner and what changed. */
    record OwnerChange(String definition, String owner, List<String> changes) {
    }

    /** The definitions ({@code activity-definitions/*.md}) the plan replaces that name an {@code owner}, and what changes in each. */
    static List<OwnerChange> ownerChanges(Regulator reg, Plan plan) throws IOException {
        Workspace ws = reg.workspace();
        Path dir = ws.activityDefinitions().toAbsolutePath().normalize();
        List<OwnerChange> out = new ArrayList<>();
        for (Plan.Effect e : plan.effects()) {
            if (!(e instanceof Plan.Replace r)) continue;
            Path f = r.file().toAbsolutePath().normalize();
            if (!dir.equals(f.getParent()) || !f.getFileName().toString().endsWith(".md")) continue;
            var after = frontMatter(ws.rel(f), r.text());
            String owner = after.get("owner");
            if (owner == null) continue;
            var before = Files.exists(f) ? frontMatter(ws.rel(f), dev.loopreg.workspace.AtomicFiles.read(f)) : java.util.Map.<String, String>of();
            List<String> changes = OwnerNotices.changes(before, after);
            if (!changes.isEmpty()) out.add(new OwnerChange(ws.rel(f), owner, changes));
        }
        return out;
    }

    /** The owner and the fields an owner is told of, each as its YAML value in JSON ({@code "50 6 * * *"}, {@code false}). */
    private static java.util.Map<String, String> frontMatter(String rel, String text) {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        var fm = dev.loopreg.format.FrontMatter.split(text);
        if (fm.isEmpty()) return m;
        try {
            YamlDoc doc = YamlDoc.parse(rel, fm.get().yaml(), 1);
            for (String f : OwnerNotices.FIELDS) {
                JsonNode v = doc.at("/" + f);
                if (!v.isMissingNode() && !v.isNull()) m.put(f, v.toString());
            }
            JsonNode o = doc.at("/owner");
            if (o.isValueNode() && !o.isNull() && !o.asText().isBlank()) m.put("owner", o.asText());
        } catch (YamlDoc.SyntaxException ex) {
            // a definition that does not parse names no owner: its change is the plan's, its notice none
        }
        return m;
    }

    private static Instant parse(String at) {
        try {
            return at == null ? Instant.EPOCH : dev.loopreg.format.Instants.parse(at);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** The decision's Markdown record the plan writes ({@code loops/regulator/decisions/DEC-NNN-….md}), or null. */
    private static String recordOf(Workspace ws, Plan plan, String id) {
        Path dir = ws.decisionsDir().toAbsolutePath().normalize();
        for (Plan.Effect e : plan.effects()) {
            Path f = e.file().toAbsolutePath().normalize();
            if (e instanceof Plan.Replace && dir.equals(f.getParent()) && f.getFileName().toString().startsWith(id + "-")) return ws.rel(f);
        }
        return null;
    }

}
