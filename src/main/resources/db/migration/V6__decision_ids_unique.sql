-- A decision is recorded once: its id (DEC-NNN) is unique in the decision log. The fleet's advisory lock already
-- orders every writer; this holds even if a writer lost its lock's connection mid-plan and another took the lock —
-- the second transaction to record the same number fails whole, and nothing of it is recorded.
CREATE UNIQUE INDEX decisions_id_once ON lines ((substring(line FROM '"id"\s*:\s*"(DEC-[0-9]+)"')))
    WHERE log = 'loops/regulator/decisions.jsonl';
