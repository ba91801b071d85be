-- A slot's claim is a lock (docs/design.md, "Replicas under faults"): the claiming replica's heartbeat keeps it alive,
-- and a claim whose replica stopped beating for 4 of its beats (paused, cut off, dead) is taken over at once by the
-- next run of the slot, instead of after a fixed minute. Its writes are fenced like a lock's (the fence slot:JOB:SLOT).
ALTER TABLE job_slots ADD COLUMN heartbeat timestamptz NOT NULL DEFAULT now();
ALTER TABLE job_slots ADD COLUMN beat_ms integer;

-- Each holder says how often it beats: a holder is stalled after 4 of its own beats, whatever the waiter's (a command
-- beating every 3 s is not ended by a replica that beats every second).
ALTER TABLE lock_sessions ADD COLUMN beat_ms integer;
