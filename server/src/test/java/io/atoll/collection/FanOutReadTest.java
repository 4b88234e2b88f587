package io.atoll.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.error.AtollException;
import io.atoll.shard.LogPosition;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * L0: read fan-out (Qdrant's read_fan_out_factor and read_fan_out_delay_ms) on replicas played by functions: a
 * replica that never answers does not hold a read up when another was asked beside it, extra replicas are asked
 * only after the delay, a failed replica is replaced, and answers from an older term do not count.
 */
class FanOutReadTest {
    private final FanOutRead fanOut = new FanOutRead();
    private final Set<Long> asked = ConcurrentHashMap.newKeySet();
    private final CountDownLatch never = new CountDownLatch(1);

    private ReplicaAnswers.Answer<String> answer(long peer, long term) {
        return new ReplicaAnswers.Answer<>("from " + peer, peer, term, new LogPosition(0, term));
    }

    /** Replica 1 hangs until the test ends; the others answer at once in term 1. */
    private ReplicaAnswers.Answer<String> replica(long peer) {
        asked.add(peer);
        if (peer == 1) {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer(peer, 1);
    }

    @Test
    void aHangingReplicaDoesNotHoldUpAReadFannedOutBesideIt() {
        FanOutRead.Outcome<String> o = fanOut.read(List.of(1L, 2L), 1, 1, 0, this::replica);
        never.countDown();
        assertEquals(List.of("from 2"), o.answers().current().stream().map(ReplicaAnswers.Answer::value).toList());
    }

    @Test
    void extraReplicasAreAskedOnlyAfterTheDelay() {
        FanOutRead.Outcome<String> quick = fanOut.read(List.of(2L, 3L), 1, 1, 60_000, this::replica);
        assertEquals(1, quick.answers().current().size());
        assertEquals(Set.of(2L), asked, "the first answered within the delay: the extra replica was never asked");

        asked.clear();
        FanOutRead.Outcome<String> slow = fanOut.read(List.of(1L, 3L), 1, 1, 20, this::replica);
        never.countDown();
        assertEquals("from 3", slow.answers().current().getFirst().value());
        assertTrue(asked.containsAll(Set.of(1L, 3L)));
    }

    @Test
    void aFailedReplicaIsReplacedByTheNextAndOlderTermsDoNotCount() {
        FanOutRead.Outcome<String> o = fanOut.read(List.of(4L, 5L, 6L, 7L), 2, 1, 0, peer -> {
            if (peer == 4) {
                throw AtollException.unavailable("replica 4 is gone");
            }
            return answer(peer, peer == 5 ? 1 : 2);
        });
        assertEquals(Set.of(6L, 7L), Set.copyOf(o.answers().current().stream().map(ReplicaAnswers.Answer::peer)
                .toList()), "two answers from the newest term");
        assertEquals("replica 4 is gone", o.lastError());
    }
}
