package dev.loopreg.store;

/** A line written to urgent-tasks.jsonl in this run, as the command reports it. */
public record Urgent(String id, String event, String loop, String trigger, String detail, String target) {
}
