-- Locks that are leases (docs/design.md, "Replicas under faults"). The database's advisory locks live as long as the
-- session that holds them; a replica that is paused (SIGSTOP) or cut off keeps its session — and every other replica
-- waits. So each session that holds a lock says so here and its replica beats its heartbeat every few seconds; a
-- waiter that finds a holder whose heartbeat stopped ends that session (pg_terminate_backend), which frees its locks.
-- The holder's later writes are refused by the fences (V7), so ending it loses nothing.
CREATE TABLE lock_sessions (
    pid           integer     NOT NULL,
    backend_start timestamptz NOT NULL,
    heartbeat     timestamptz NOT NULL,
    replica       text        NOT NULL,
    what          text        NOT NULL,
    PRIMARY KEY (pid, backend_start)
);

-- Exactly one run of a singleton job per slot (the fleet's sweep): the run claims its slot first; a second run of the
-- same slot — a paused replica's run that another replica already re-ran, a restarted replica's catch-up — finds the
-- claim and does nothing. A claim whose run never finished (its replica died) is taken over once it is older than the
-- lease, so the slot is still swept once.
CREATE TABLE job_slots (
    job      text        NOT NULL,
    slot     timestamptz NOT NULL,
    replica  text        NOT NULL,
    started  timestamptz NOT NULL,
    finished timestamptz,
    PRIMARY KEY (job, slot)
);
