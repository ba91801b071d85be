-- Writes fenced by the lock they were made under (docs/design.md, "Replicas under faults").
--
-- A fence is a counter per lock: whoever takes the lock (the fleet's, a loop's) raises its fence and writes under the
-- new value; every writing transaction checks, FOR SHARE, that the fences it writes under still hold its values. A
-- writer whose lock was lost while it slept — its session ended by a database restart, another replica took the lock
-- and raised the fence — can never write again under that lock: its transaction fails whole.
CREATE TABLE fences (
    name  text   PRIMARY KEY,
    token bigint NOT NULL
);

-- One health record per loop and cycle, in the database as in the rules: a second record of a slot is the keyed
-- append's "already there" (ON CONFLICT DO NOTHING), never a second row. Rows that a zombie writer doubled before this
-- version are kept, out of the way, in health_duplicates (the first of each slot stays).
CREATE TABLE health_duplicates (
    log   text        NOT NULL,
    seq   bigint      NOT NULL,
    cycle timestamptz,
    line  text        NOT NULL,
    moved timestamptz NOT NULL DEFAULT now()
);

INSERT INTO health_duplicates (log, seq, cycle, line)
SELECT log, seq, cycle, line FROM (
    SELECT log, seq, cycle, line, row_number() OVER (PARTITION BY log, cycle ORDER BY seq) AS n
    FROM health_lines WHERE cycle IS NOT NULL
) d WHERE n > 1;

DELETE FROM health_lines h USING health_duplicates x WHERE h.log = x.log AND h.seq = x.seq;

CREATE UNIQUE INDEX health_lines_once ON health_lines (log, cycle);
