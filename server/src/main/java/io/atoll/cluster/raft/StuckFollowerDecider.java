package io.atoll.cluster.raft;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when the Raft leader should give up leadership because a follower that answers it does not catch up.
 *
 * <p>Found by the chaos runner: after an fsync failure on a follower's Raft log, Ratis 3.3.0's leader kept a match
 * index past the end of that follower's log and, from then on, sent it only heartbeats; the follower answered each
 * one (it is alive) and its commit index stayed behind for good, so it served stale metadata and could never help
 * form a quorum. A new leader starts its followers' bookkeeping afresh and repairs such a log. A follower's commit
 * index behind the leader's and unchanged for {@link #STUCK_NANOS}, while the follower answered within
 * {@link #ANSWERING_MILLIS}, is the sign: a follower that is down does not answer, and one that catches up moves.
 * Not thread-safe: one watchdog thread observes.
 */
final class StuckFollowerDecider {
    static final long STUCK_NANOS = 20_000_000_000L;
    /**
     * Found by the chaos runner (disks seed 9110): Ratis backs off between heartbeats to a follower that keeps
     * answering INCONSISTENCY, so its last answer was often more than 5 s old and the wait started over; the
     * watchdog then took 93 s instead of 20. A follower that is down has not answered for far longer.
     */
    static final long ANSWERING_MILLIS = 15_000;
    /** After acting, wait this long before acting again: the new leader needs time to repair the log. */
    static final long COOLDOWN_NANOS = 60_000_000_000L;

    /** What the leader knows of one follower: its commit index and how long ago it last answered. */
    record Follower(String peer, long commitIndex, long lastAnswerMillis) {
    }

    /** A follower found stuck, with why. */
    record Stuck(String peer, String reason) {
    }

    private record Seen(long commitIndex, long sinceNanos) {
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private long actedAtNanos;
    private boolean acted;

    /** The follower to act on now, or null. {@code nowNanos} is a monotonic clock reading. */
    Stuck observe(long leaderCommit, List<Follower> followers, long nowNanos) {
        seen.keySet().retainAll(followers.stream().map(Follower::peer).toList());
        Stuck found = null;
        for (Follower f : followers) {
            Seen s = seen.get(f.peer());
            if (f.commitIndex() >= leaderCommit || f.lastAnswerMillis() > ANSWERING_MILLIS) {
                seen.remove(f.peer()); // caught up, or down: nothing a new leader would change
                continue;
            }
            if (s == null || s.commitIndex() != f.commitIndex()) {
                seen.put(f.peer(), new Seen(f.commitIndex(), nowNanos));
                continue;
            }
            long stuckFor = nowNanos - s.sinceNanos();
            if (found == null && stuckFor >= STUCK_NANOS) {
                found = new Stuck(f.peer(), "follower " + f.peer() + " answers (last " + f.lastAnswerMillis()
                        + " ms ago) but its commit index stayed at " + f.commitIndex() + " behind the leader's "
                        + leaderCommit + " for " + stuckFor / 1_000_000_000L + " s");
            }
        }
        if (found == null || acted && nowNanos - actedAtNanos < COOLDOWN_NANOS) {
            return null;
        }
        acted = true;
        actedAtNanos = nowNanos;
        seen.clear();
        return found;
    }

    /** This node does not lead (any more): what it saw no longer applies. */
    void reset() {
        seen.clear();
    }
}
