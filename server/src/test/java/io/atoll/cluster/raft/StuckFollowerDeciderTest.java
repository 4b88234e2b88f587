package io.atoll.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StuckFollowerDeciderTest {
    private static final long S = 1_000_000_000L;

    private static StuckFollowerDecider.Follower f(String peer, long commit, long lastAnswer) {
        return new StuckFollowerDecider.Follower(peer, commit, lastAnswer);
    }

    @Test
    void aFollowerThatAnswersButStaysBehindIsStuckAfterTheWait() {
        StuckFollowerDecider d = new StuckFollowerDecider();
        assertNull(d.observe(40, List.of(f("a", 30, 100), f("b", 40, 100)), 0));
        assertNull(d.observe(41, List.of(f("a", 30, 100), f("b", 41, 100)), 19 * S));
        StuckFollowerDecider.Stuck stuck = d.observe(41, List.of(f("a", 30, 100), f("b", 41, 100)), 20 * S);
        assertNotNull(stuck);
        assertEquals("a", stuck.peer());
        assertTrue(stuck.reason().contains("stayed at 30"), stuck.reason());
    }

    @Test
    void aFollowerThatCatchesUpSlowlyOrIsDownOrCaughtUpIsNot() {
        StuckFollowerDecider d = new StuckFollowerDecider();
        for (long t = 0; t <= 60; t += 2) {
            // "a" moves a little every step, "b" is down (does not answer), "c" is caught up.
            assertNull(d.observe(100, List.of(f("a", t, 100), f("b", 3, 60_000), f("c", 100, 100)), t * S));
        }
    }

    @Test
    void afterActingItWaitsBeforeActingAgainAndForgetsWhenNotLeading() {
        StuckFollowerDecider d = new StuckFollowerDecider();
        d.observe(10, List.of(f("a", 5, 0)), 0);
        assertNotNull(d.observe(10, List.of(f("a", 5, 0)), 20 * S));
        d.observe(10, List.of(f("a", 5, 0)), 21 * S);
        assertNull(d.observe(10, List.of(f("a", 5, 0)), 45 * S), "within the cooldown");
        assertNotNull(d.observe(10, List.of(f("a", 5, 0)), 81 * S));
        d.reset();
        assertNull(d.observe(10, List.of(f("a", 5, 0)), 200 * S), "a fresh observation starts the wait again");
    }
}
