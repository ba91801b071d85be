package dev.loopreg.db;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The claims of a singleton job's slots ({@code job_slots}): a claim is a lock — beaten with this process's heartbeat
 * ({@link LockLeases}), taken over once its claimer missed 4 of its beats, fenced ({@link Fences}, {@code slot:JOB:SLOT})
 * so that a run whose claim was taken over writes nothing. {@link PgStore}'s part of {@code Store.claimSlot}.
 */
final class SlotClaims {

    private final Database db;

    SlotClaims(Database db) {
        this.db = db;
    }

    /** The fence of a slot's claim: the writes of a run whose claim was taken over are refused, as a lost lock's are. */
    static String slotFence(String job, Instant slot) {
        return "slot:" + job + ":" + slot;
    }

    /** See {@link dev.loopreg.store.Store#claimSlot}. */
    Optional<String> claim(String job, Instant slot) throws IOException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO job_slots (job, slot, replica, started, heartbeat, beat_ms) VALUES (?, ?, ?, now(), now(), ?) "
                            + "ON CONFLICT (job, slot) DO UPDATE SET replica = EXCLUDED.replica, started = now(), heartbeat = now(), "
                            + "beat_ms = EXCLUDED.beat_ms WHERE job_slots.finished IS NULL "
                            + "AND job_slots.heartbeat < now() - make_interval(secs => 4 * coalesce(job_slots.beat_ms, ?) / 1000.0) "
                            + "RETURNING replica")) {
                s.setString(1, job);
                s.setTimestamp(2, java.sql.Timestamp.from(slot));
                s.setString(3, PgStore.REPLICA);
                s.setInt(4, db.leases().beatMs());
                s.setInt(5, db.leases().beatMs());   // a claim is stale after 4 of its claimer's beats
                try (java.sql.ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        // the claim and its fence in one transaction: a run whose claim is taken over later can write no more
                        Fences.raise(c, slotFence(job, slot));
                        c.commit();
                        db.leases().claimed(job, slot);
                        return Optional.empty();
                    }
                }
                try (PreparedStatement q = c.prepareStatement("SELECT replica, started, finished FROM job_slots WHERE job = ? AND slot = ?")) {
                    q.setString(1, job);
                    q.setTimestamp(2, java.sql.Timestamp.from(slot));
                    try (java.sql.ResultSet r = q.executeQuery()) {
                        c.commit();
                        if (!r.next()) return Optional.of("another replica");
                        return Optional.of(r.getString(1) + (r.getTimestamp(3) == null ? " (running since " + r.getTimestamp(2).toInstant() + ")"
                                : " (finished " + r.getTimestamp(3).toInstant() + ")"));
                    }
                }
            } catch (SQLException e) {
                Fences.release(slotFence(job, slot));
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
    }

    /** See {@link dev.loopreg.store.Store#finishSlot}. */
    void finish(String job, Instant slot) throws IOException {
        endClaim("UPDATE job_slots SET finished = now()", job, slot);
    }

    /** See {@link dev.loopreg.store.Store#releaseSlot}. */
    void release(String job, Instant slot) throws IOException {
        endClaim("DELETE FROM job_slots", job, slot);
    }

    /**
     * Finishes or gives back this thread's claim of {@code slot}, and its fence with it — only while the claim is still
     * this one's (its fence has this thread's token): a claim taken over meanwhile is the other run's, and stays so.
     */
    private void endClaim(String what, String job, Instant slot) throws IOException {
        String fence = slotFence(job, slot);
        Long token = Fences.held().get(fence);
        Fences.release(fence);   // whatever the database says, this thread no longer writes under the claim
        if (token == null) return;
        db.leases().unclaimed(job, slot);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(what + " WHERE job = ? AND slot = ? AND finished IS NULL "
                    + "AND EXISTS (SELECT 1 FROM fences WHERE name = ? AND token = ?)");
                 PreparedStatement f = c.prepareStatement("DELETE FROM fences WHERE name = ? AND token = ?")) {
                s.setString(1, job);
                s.setTimestamp(2, java.sql.Timestamp.from(slot));
                s.setString(3, fence);
                s.setLong(4, token);
                if (s.executeUpdate() == 1) {
                    f.setString(1, fence);
                    f.setLong(2, token);
                    f.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
    }
}
