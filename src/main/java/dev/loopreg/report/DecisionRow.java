package dev.loopreg.report;

import com.fasterxml.jackson.databind.JsonNode;

/** A line of decisions.jsonl as the dashboard lists it. */
public record DecisionRow(String id, String at, String loop, String kind, String from, String to, String by, String reason) {

    public static DecisionRow of(JsonNode n) {
        String loop = n.hasNonNull("repo") ? t(n, "loop") + " · " + t(n, "repo") : t(n, "loop");
        return new DecisionRow(t(n, "id"), t(n, "at"), loop, t(n, "kind"), t(n, "from"), t(n, "to"), t(n, "by"), t(n, "reason"));
    }

    private static String t(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
