package io.atoll.chaos.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.chaos.check.Findings;
import io.atoll.chaos.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The snapshot round trip's check against the history: what must be in a snapshot, and what must not. */
class SnapshotRoundTripTest {
    private static final String C = "chaos-set";

    private final List<Op> ops = new ArrayList<>();

    private void op(int process, Op.Type type, String f, Object ids) {
        ops.add(new Op(ops.size(), ops.size(), process, type, f, C, ids, null));
    }

    /** Points 1, 2 acknowledged; 3 deleted and acknowledged; then the snapshot; 4 written during it. */
    private int[] history() {
        op(0, Op.Type.INVOKE, "upsert", List.of(1L, 2L, 3L));
        op(0, Op.Type.OK, "upsert", null);
        op(1, Op.Type.INVOKE, "delete", List.of(3L));
        op(1, Op.Type.OK, "delete", null);
        int before = ops.size();
        op(0, Op.Type.INVOKE, "upsert", List.of(4L));
        int after = ops.size();
        op(0, Op.Type.OK, "upsert", null);
        op(1, Op.Type.INVOKE, "delete", List.of(2L));
        return new int[]{before, after};
    }

    @Test
    void aSnapshotAsTheHistorySaysIsNoFinding() {
        int[] t = history();
        Findings f = new Findings();
        assertEquals(0, SnapshotRoundTrip.check(C, ops, t[0], t[1], Set.of(1L, 2L), f));
        assertEquals(0, SnapshotRoundTrip.check(C, ops, t[0], t[1], Set.of(1L, 2L, 4L), f), "4 may be in it");
        assertEquals(0, f.count(Findings.LOST) + f.count(Findings.UNEXPECTED));
    }

    @Test
    void aMissingAcknowledgedPointIsLostAndAForeignOrDeletedOneUnexpected() {
        int[] t = history();
        Findings f = new Findings();
        assertEquals(1, SnapshotRoundTrip.check(C, ops, t[0], t[1], Set.of(2L), f));
        assertEquals(1, f.count(Findings.LOST));
        assertEquals(2, SnapshotRoundTrip.check(C, ops, t[0], t[1], Set.of(1L, 2L, 3L, 99L), f));
        assertEquals(2, f.count(Findings.UNEXPECTED));
    }
}
