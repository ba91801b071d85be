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
