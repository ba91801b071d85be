-- The state documents a database holds instead of the files: each loop's cadence.yml (its phase, cron, dates and
-- approval) and the rotation loop's roster.yaml, as their exact text under their workspace-relative path. The files
-- are exports of these rows, written after each change for people to read and review in git.
CREATE TABLE documents (
    path    text   PRIMARY KEY,
    text    text   NOT NULL,
    version bigint NOT NULL DEFAULT 1
);

-- when the workspace's state was imported (one row): a command refuses a database that holds no state yet, so a
-- workspace never runs on an empty database by mistake
CREATE TABLE imported (
    one         boolean     PRIMARY KEY DEFAULT true CHECK (one),
    imported_at timestamptz NOT NULL,
    logs        integer     NOT NULL,
    lines       bigint      NOT NULL,
    documents   integer     NOT NULL
);
