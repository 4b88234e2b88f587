package io.atoll.chaos.check;

import static io.atoll.chaos.check.RegisterOp.pendingWrite;
import static io.atoll.chaos.check.RegisterOp.read;
import static io.atoll.chaos.check.RegisterOp.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.chaos.check.Linearizability.Result;
import io.atoll.chaos.check.Linearizability.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The register linearizability checker accepts what a real register can do and rejects what it cannot. */
class LinearizabilityTest {
    private static final long BUDGET = 1_000_000;

    private static Result check(RegisterOp... ops) {
        return Linearizability.check(List.of(ops), BUDGET);
    }

    private static void assertVerdict(Verdict expected, Result result) {
        assertEquals(expected, result.verdict(), result.explanation());
    }

    // ---- hand-written histories ----

    @Test
    void sequentialHistoryIsLinearizable() {
        assertVerdict(Verdict.LINEARIZABLE, check(
                write(1, 1, 0, 10),
                read(2, 1L, 20, 30),
                write(2, 2, 40, 50),
                read(1, 2L, 60, 70)));
    }

    @Test
    void readConcurrentWithWriteMaySeeTheOldOrTheNewValue() {
        assertVerdict(Verdict.LINEARIZABLE, check(write(1, 1, 0, 10), write(1, 2, 20, 50), read(2, 1L, 30, 40)));
        assertVerdict(Verdict.LINEARIZABLE, check(write(1, 1, 0, 10), write(1, 2, 20, 50), read(2, 2L, 30, 40)));
    }

    @Test
    void concurrentWritesMayTakeEffectInEitherOrder() {
        assertVerdict(Verdict.LINEARIZABLE, check(write(1, 1, 0, 50), write(2, 2, 10, 40), read(3, 1L, 60, 70)));
        assertVerdict(Verdict.LINEARIZABLE, check(write(1, 1, 0, 50), write(2, 2, 10, 40), read(3, 2L, 60, 70)));
    }

    @Test
    void staleReadAfterCompletedWriteIsNotLinearizable() {
        Result r = check(write(1, 1, 0, 10), write(1, 2, 20, 30), read(2, 1L, 40, 50));
        assertVerdict(Verdict.NOT_LINEARIZABLE, r);
        // The explanation names the op that got stuck, what it read and what the register held.
        assertTrue(r.explanation().contains("Stuck at: p2 read -> 1 [40, 50]"), r.explanation());
        assertTrue(r.explanation().contains("register holds 2, written by p1 write 2 [20, 30]"), r.explanation());
        assertTrue(r.explanation().contains("3 completed ops"), r.explanation());
    }

    @Test
    void readsSeeingNewThenOldValueAreNotLinearizable() {
        // The write of 2 overlaps both reads, but once a read has returned 2, a later read cannot return 1.
        assertVerdict(Verdict.NOT_LINEARIZABLE, check(
                write(1, 1, 0, 5), write(2, 2, 10, 100), read(3, 2L, 20, 30), read(4, 1L, 40, 50)));
        // With the write of 1 also overlapping both reads, 2 then 1 is a possible order.
        assertVerdict(Verdict.LINEARIZABLE, check(
                write(1, 1, 0, 100), write(2, 2, 0, 100), read(3, 2L, 10, 20), read(4, 1L, 30, 40)));
    }

    @Test
    void readOfValueNeverWrittenIsNotLinearizable() {
        Result r = check(write(1, 1, 0, 10), read(2, 7L, 20, 30));
        assertVerdict(Verdict.NOT_LINEARIZABLE, r);
        assertTrue(r.explanation().contains("p2 read -> 7 [20, 30]"), r.explanation());
    }

    @Test
    void indeterminateWriteObservedLaterIsLinearizable() {
        assertVerdict(Verdict.LINEARIZABLE, check(
                write(1, 1, 0, 10), pendingWrite(1, 2, 20), read(2, 1L, 30, 40), read(2, 2L, 1_000, 1_010)));
    }

    @Test
    void indeterminateWriteNeverObservedIsLinearizable() {
        assertVerdict(Verdict.LINEARIZABLE, check(
                write(1, 1, 0, 10), pendingWrite(1, 2, 20), read(2, 1L, 30, 40), read(2, 1L, 1_000, 1_010)));
    }

    @Test
    void indeterminateWriteMayTakeEffectAfterLaterCompletedWrites() {
        // p1 gave up on writing 2; p2 then wrote 3 and completed; 2 landing after that explains both reads.
        assertVerdict(Verdict.LINEARIZABLE, check(
                pendingWrite(1, 2, 0), write(2, 3, 100, 110), read(3, 3L, 120, 130), read(3, 2L, 140, 150)));
    }

    @Test
    void olderValueReadAfterIndeterminateWriteWasObservedIsNotLinearizable() {
        assertVerdict(Verdict.NOT_LINEARIZABLE, check(
                write(1, 1, 0, 10), pendingWrite(1, 2, 20), read(2, 2L, 30, 40), read(2, 1L, 50, 60)));
    }

    @Test
    void indeterminateWriteTakesEffectAtMostOnce() {
        assertVerdict(Verdict.NOT_LINEARIZABLE, check(
                pendingWrite(1, 2, 0), read(2, 2L, 10, 20), write(3, 3, 30, 40), read(2, 2L, 50, 60)));
    }

    @Test
    void indeterminateWriteCannotTakeEffectBeforeItWasInvoked() {
        assertVerdict(Verdict.NOT_LINEARIZABLE, check(read(2, 2L, 0, 10), pendingWrite(1, 2, 20)));
    }

    @Test
    void absentReadBeforeAnyWriteIsLinearizable() {
        assertVerdict(Verdict.LINEARIZABLE, check(read(1, null, 0, 10), write(2, 1, 20, 30), read(1, 1L, 40, 50)));
    }

    @Test
    void absentReadAfterCompletedWriteIsNotLinearizable() {
        Result r = check(write(1, 1, 0, 10), read(2, null, 20, 30));
        assertVerdict(Verdict.NOT_LINEARIZABLE, r);
        assertTrue(r.explanation().contains("returned absent, but the register holds 1"), r.explanation());
    }

    @Test
    void opsTouchingAtOneInstantCountAsConcurrent() {
        // The write returned at the nanosecond the read was invoked: the clock cannot order them, so both orders go.
        assertVerdict(Verdict.LINEARIZABLE, check(write(1, 1, 0, 10), read(2, null, 10, 20)));
    }

    @Test
    void repeatedValuesAreHandled() {
        assertVerdict(Verdict.LINEARIZABLE, check(
                write(1, 1, 0, 10), write(1, 2, 20, 30), write(1, 1, 40, 50), read(2, 1L, 60, 70)));
        assertVerdict(Verdict.NOT_LINEARIZABLE, check(
                write(1, 1, 0, 10), write(1, 2, 20, 30), read(2, 1L, 40, 50), write(1, 1, 60, 70)));
    }

    @Test
    void historiesWithoutCompletedOpsAreLinearizable() {
        assertVerdict(Verdict.LINEARIZABLE, check());
        assertVerdict(Verdict.LINEARIZABLE, check(pendingWrite(1, 1, 0), pendingWrite(2, 2, 5)));
    }

    @Test
    void indeterminateReadsAreIgnored() {
        assertVerdict(Verdict.LINEARIZABLE, check(
                write(1, 1, 0, 10), new RegisterOp(2, false, 99L, 20, RegisterOp.PENDING), read(3, 1L, 30, 40)));
    }

    @Test
    void exhaustedBudgetIsUnknownAndSaysHowFarItGot() {
        Result r = Linearizability.check(List.of(write(1, 1, 0, 10), write(1, 2, 20, 30), read(2, 2L, 40, 50)), 2);
        assertVerdict(Verdict.UNKNOWN, r);
        assertTrue(r.explanation().contains("2 of 3 completed ops"), r.explanation());
    }

    @Test
    void perKeyCheckReportsTheFirstFailingKey() {
        Map<String, List<RegisterOp>> histories = new LinkedHashMap<>();
        histories.put("a", List.of(write(1, 1, 0, 10), read(2, 1L, 20, 30)));
        histories.put("b", List.of(write(1, 1, 0, 10), read(2, null, 20, 30)));
        histories.put("c", List.of(read(2, 5L, 20, 30)));
        Result r = Linearizability.checkPerKey(histories, BUDGET);
        assertVerdict(Verdict.NOT_LINEARIZABLE, r);
        assertTrue(r.explanation().startsWith("key b: "), r.explanation());

        histories.remove("b");
        histories.remove("c");
        assertVerdict(Verdict.LINEARIZABLE, Linearizability.checkPerKey(histories, BUDGET));
    }

    @Test
    void longSequentialHistoryNeedsNoDeepRecursion() {
        List<RegisterOp> history = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            history.add(i % 2 == 0 ? write(1, i, 10L * i, 10L * i + 5) : read(2, (long) i - 1, 10L * i, 10L * i + 5));
        }
        assertVerdict(Verdict.LINEARIZABLE, Linearizability.check(history, BUDGET));
        history.add(read(3, 0L, 1_000_000, 1_000_001));
        assertVerdict(Verdict.NOT_LINEARIZABLE, Linearizability.check(history, BUDGET));
    }

    // ---- randomized: histories from a simulated register ----

    @Test
    void simulatedRegisterHistoriesAreLinearizableAndCorruptedReadsAreCaught() {
        int staleChecked = 0;
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            List<RegisterOp> history = SimulatedRegister.history(
                    seed, 2 + random.nextInt(5), 20 + random.nextInt(200), 0.5, 0.1);
            Result ok = Linearizability.check(history, BUDGET);
            assertEquals(Verdict.LINEARIZABLE, ok.verdict(), "seed " + seed + ": " + ok.explanation());

            List<Integer> reads = completedReads(history);
            if (reads.isEmpty()) {
                continue;
            }
            int victim = reads.get(random.nextInt(reads.size()));
            List<RegisterOp> phantom = withReadValue(history, victim, -1L);
            Result bad = Linearizability.check(phantom, BUDGET);
            assertEquals(Verdict.NOT_LINEARIZABLE, bad.verdict(), "seed " + seed + " phantom: " + bad.explanation());

            for (int attempt = 0; attempt < 5; attempt++) {
                int r = reads.get(random.nextInt(reads.size()));
                Optional<Long> stale = provablyStaleValue(history, r);
                if (stale.isPresent()) {
                    Result s = Linearizability.check(withReadValue(history, r, stale.get()), BUDGET);
                    assertEquals(Verdict.NOT_LINEARIZABLE, s.verdict(),
                            "seed " + seed + " stale read " + history.get(r) + " -> " + stale.get() + ": " + s.explanation());
                    staleChecked++;
                    break;
                }
            }
        }
        assertTrue(staleChecked > 100, "only " + staleChecked + " histories had a provably stale read to plant");
    }

    @Test
    void agreesWithTryingEveryOrderOnTinyRandomHistories() {
        int linearizable = 0;
        int violations = 0;
        for (long seed = 0; seed < 3_000; seed++) {
            Random random = new Random(seed);
            List<RegisterOp> history = new ArrayList<>();
            int size = 1 + random.nextInt(6);
            for (int i = 0; i < size; i++) {
                long invokedAt = random.nextInt(20);
                long returnedAt = invokedAt + random.nextInt(10);
                if (random.nextBoolean()) {
                    long value = 1 + random.nextInt(3); // few values, so repeats happen
                    history.add(random.nextInt(4) == 0
                            ? pendingWrite(i, value, invokedAt)
                            : write(i, value, invokedAt, returnedAt));
                } else {
                    int value = random.nextInt(4);
                    history.add(read(i, value == 0 ? null : (long) value, invokedAt, returnedAt));
                }
            }
            boolean expected = BruteForceRegister.linearizable(history);
            Result r = Linearizability.check(history, BUDGET);
            assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, r.verdict(),
                    "seed " + seed + " " + history + ": " + r.explanation());
            if (expected) {
                linearizable++;
            } else {
                violations++;
            }
        }
        assertTrue(linearizable > 500 && violations > 500, linearizable + " linearizable, " + violations + " not");
    }

    @Test
    void twoThousandOpsWithFiveProcessesFinishWithinBudget() {
        long seed = 20_240_601;
        List<RegisterOp> history = SimulatedRegister.history(seed, 5, 2_000, 0.5, 0.05);
        Result ok = Linearizability.check(history, 200_000);
        assertEquals(Verdict.LINEARIZABLE, ok.verdict(), "seed " + seed + ": " + ok.explanation());

        // A stale read near the end forces the search to give up on every order of everything before it.
        List<Integer> reads = completedReads(history);
        for (int i = reads.size() - 1; i >= 0; i--) {
            Optional<Long> stale = provablyStaleValue(history, reads.get(i));
            if (stale.isPresent()) {
                Result bad = Linearizability.check(withReadValue(history, reads.get(i), stale.get()), 200_000);
                assertEquals(Verdict.NOT_LINEARIZABLE, bad.verdict(), "seed " + seed + ": " + bad.explanation());
                return;
            }
        }
        throw new AssertionError("seed " + seed + ": no read to make stale");
    }

    @Test
    void sixteenClientsOnOneKeyFinishWithinBudget() {
        // About ten completed ops in flight at once. The plain search needs some 300,000 states here; forced steps
        // and merging unreadable values bring it to about 21,000, and this budget holds the search to that.
        long seed = 16;
        List<RegisterOp> history = SimulatedRegister.history(seed, 16, 1_000, 0.5, 0.05);
        Result ok = Linearizability.check(history, 100_000);
        assertEquals(Verdict.LINEARIZABLE, ok.verdict(), "seed " + seed + ": " + ok.explanation());
    }

    private static List<Integer> completedReads(List<RegisterOp> history) {
        List<Integer> reads = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (!history.get(i).write() && !history.get(i).pending()) {
                reads.add(i);
            }
        }
        return reads;
    }

    private static List<RegisterOp> withReadValue(List<RegisterOp> history, int index, Long value) {
        List<RegisterOp> copy = new ArrayList<>(history);
        RegisterOp r = history.get(index);
        copy.set(index, read(r.process(), value, r.invokedAt(), r.returnedAt()));
        return copy;
    }

    /**
     * A value the read cannot have seen: written by a completed write w1 that returned before another completed
     * write w2 began, w2 having returned before the read began. Values are unique, so w2 always lies between w1
     * and the read. Picks the most recent such w1, the hardest case. Empty if the read has no such pair behind it.
     */
    private static Optional<Long> provablyStaleValue(List<RegisterOp> history, int readIndex) {
        RegisterOp read = history.get(readIndex);
        RegisterOp w2 = null;
        for (RegisterOp op : history) {
            if (op.write() && !op.pending() && op.returnedAt() < read.invokedAt()
                    && (w2 == null || op.invokedAt() > w2.invokedAt())) {
                w2 = op;
            }
        }
        if (w2 == null) {
            return Optional.empty();
        }
        RegisterOp w1 = null;
        for (RegisterOp op : history) {
            if (op.write() && !op.pending() && op.returnedAt() < w2.invokedAt()
                    && (w1 == null || op.returnedAt() > w1.returnedAt())) {
                w1 = op;
            }
        }
        return w1 == null ? Optional.empty() : Optional.of(w1.value());
    }
}
