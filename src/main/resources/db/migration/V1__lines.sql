-- loopreg's PostgreSQL store, version 1 (docs/design.md, "The PostgreSQL store").
--
-- Every append-only kind of the workspace (health records, saturation snapshots, decisions, recommendations, runs,
-- the urgent ledger, sessions, approvals, noise, executions) is a log named by the workspace-relative path of the file
-- it stands for (loops/kaizen-stack/health.jsonl), and each of its lines is a row holding the line's exact text: the
-- readers parse the same text under the same rules as from the file, so both stores say the same.

-- a log that exists (an empty file exists too)
CREATE TABLE logs (
    log text PRIMARY KEY
);

-- the lines of the logs, in the order they were appended
CREATE TABLE lines (
    log  text   NOT NULL REFERENCES logs (log),
    seq  bigint GENERATED ALWAYS AS IDENTITY,
    line text   NOT NULL,
    PRIMARY KEY (log, seq)
);
