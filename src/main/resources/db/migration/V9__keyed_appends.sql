-- Every keyed append is unique in the database (docs/design.md, "Replicas under faults"): a line of a keyed log carries
-- its key (dev.loopreg.db.LineKeys computes it for each append, and this migration the same for the lines already
-- there), and a second line with the same key is the keyed append's "already there" (ON CONFLICT DO NOTHING), never a
-- second row. Health records (V7) and decisions (V6) have theirs already. Recommendations and runs have none: an
-- evaluation repeated at the same instant is recorded again, on the files as here (dev.loopreg.db.LineKeys says why).
--
--   saturation.jsonl          repo, agent, cycle
--   urgent-tasks.jsonl        the task and its event (raised, cleared, acknowledged; an old delivered line with its target)
--   api-requests.jsonl        the Idempotency-Key
--   outbox.jsonl              a queued event's key
--
-- A line already there that repeats an earlier one's key keeps no key: it stays in its log as it was (nothing is moved
-- or lost), and only the first holds the key.
ALTER TABLE lines ADD COLUMN key text;

CREATE FUNCTION pg_temp.loopreg_object(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN CASE WHEN jsonb_typeof(t::jsonb) = 'object' THEN t::jsonb END;
EXCEPTION WHEN others THEN
    RETURN NULL;   -- not JSON: validate reports the line; it has no key
END $$;

CREATE FUNCTION pg_temp.loopreg_text(j jsonb, f text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN jsonb_typeof(j -> f) = 'string' THEN j ->> f END $$;

WITH parsed AS (
    SELECT log, seq, pg_temp.loopreg_object(line) AS j
    FROM lines
    WHERE log IN ('loops/regulator/urgent-tasks.jsonl', 'loops/regulator/api-requests.jsonl', 'loops/regulator/outbox.jsonl')
       OR log ~ '^loops/[^/]+/saturation\.jsonl$'
), keyed AS (
    SELECT log, seq, CASE
        WHEN log = 'loops/regulator/urgent-tasks.jsonl' THEN CASE
            WHEN pg_temp.loopreg_text(j, 'event') IN ('raised', 'cleared', 'acknowledged')
                THEN pg_temp.loopreg_text(j, 'id') || ' ' || pg_temp.loopreg_text(j, 'event')
            WHEN pg_temp.loopreg_text(j, 'event') = 'delivered'
                THEN pg_temp.loopreg_text(j, 'id') || ' delivered ' || pg_temp.loopreg_text(j, 'target') END
        WHEN log = 'loops/regulator/api-requests.jsonl' THEN pg_temp.loopreg_text(j, 'key')
        WHEN log = 'loops/regulator/outbox.jsonl' THEN CASE
            WHEN pg_temp.loopreg_text(j, 'event') = 'queued' THEN 'queued ' || pg_temp.loopreg_text(j, 'key') END
        ELSE pg_temp.loopreg_text(j, 'repo') || ' ' || pg_temp.loopreg_text(j, 'agent') || ' ' || pg_temp.loopreg_text(j, 'cycle')
    END AS key
    FROM parsed
), firsts AS (
    SELECT log, seq, key, row_number() OVER (PARTITION BY log, key ORDER BY seq) AS n FROM keyed WHERE key IS NOT NULL
)
UPDATE lines l SET key = f.key FROM firsts f WHERE l.log = f.log AND l.seq = f.seq AND f.n = 1;

CREATE UNIQUE INDEX lines_key_once ON lines (log, key) WHERE key IS NOT NULL;
