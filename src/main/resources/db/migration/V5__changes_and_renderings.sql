-- What each replica's exporter needs to keep its checkout's git-visible files current: one counter over every change of
-- a state document (cadence.yml, roster.yaml) and of a rendering — the files people read in git that a command
-- writes (dashboard.md, decisions/DEC-*.md) — so that a replica asks "what changed since the mark I last wrote out?"
-- with one indexed query, and the per-loop cron reader of serve sees a loop's new cadence the same way.
CREATE SEQUENCE document_changes;

ALTER TABLE documents ADD COLUMN changed bigint NOT NULL DEFAULT nextval('document_changes');
CREATE INDEX documents_changed ON documents (changed);

CREATE TABLE renderings (
    path    text   PRIMARY KEY,
    text    text   NOT NULL,
    changed bigint NOT NULL DEFAULT nextval('document_changes')
);
CREATE INDEX renderings_changed ON renderings (changed);
