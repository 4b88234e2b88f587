package io.atoll.chaos.check;

import io.atoll.chaos.check.Linearizability.Verdict;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wing &amp; Gong's search for a linearization of one register's history, with Lowe's memoization.
 *
 * <p>The search walks the {@link EventList} from its head. At a call it tries to make that operation take effect
 * next: if the register allows it and the resulting configuration (set of linearized operations, register value)
 * was never reached before, it lifts the operation out of the list and restarts from the head. At a return it
 * has found an operation that had to take effect before everything still in the list after it, and did not: it
 * undoes the most recent step and tries the call after that step's one. The stack of steps is an array, so the
 * depth of a history costs no Java stack.
 *
 * <p>Pending (indeterminate) writes have no return event, so nothing forces them in; the search succeeds as soon
 * as every completed operation is linearized. To keep them from multiplying the configurations, a pending write
 * may take effect only where it is observed: it must change the register's value, and the very next step must be
 * a read of it (so a read of its value must still be left). Any linearization can be rewritten into that shape:
 * an indeterminate write that no read sees before the next write can be dropped without changing what any read
 * returns. Configurations just after a pending write are therefore transient and are not cached. Not
 * thread-safe; one instance per run.
 */
final class WglSearch {
    /** How a run ended and the longest linearizable prefix it found (operation indices, in order). */
    record Outcome(Verdict verdict, int[] longestPrefix, long statesExplored) {}

    /** A point of the search already explored; {@code linearized} is a private copy. */
    private record Config(BitSet linearized, int state) {}

    private static final int ABSENT = 0;

    private final List<RegisterOp> ops;
    private final EventList events;
    private final int[] valueOf;
    private final int[] readsLeft;
    private final int completed;

    private final BitSet linearized = new BitSet();
    private final Set<Config> explored = new HashSet<>();
    private final int[] stackOp;
    private final int[] stackState;
    private int depth;
    private int state = ABSENT;
    private int completedLeft;

    private final int[] longest;
    private int longestDepth;
    /** Stack slots below this depth are unchanged since {@link #longest} was last copied. */
    private int unchangedBelow;

    WglSearch(List<RegisterOp> ops) {
        this.ops = ops;
        this.events = new EventList(ops);
        this.valueOf = new int[ops.size()];
        Map<Long, Integer> ids = new HashMap<>();
        int done = 0;
        for (int op = 0; op < ops.size(); op++) {
            Long value = ops.get(op).value();
            valueOf[op] = value == null ? ABSENT : ids.computeIfAbsent(value, v -> ids.size() + 1);
            if (!ops.get(op).pending()) {
                done++;
            }
        }
        this.completed = done;
        this.readsLeft = new int[ids.size() + 1];
        for (int op = 0; op < ops.size(); op++) {
            if (!ops.get(op).write() && !ops.get(op).pending()) {
                readsLeft[valueOf[op]]++;
            }
        }
        this.stackOp = new int[ops.size()];
        this.stackState = new int[ops.size()];
        this.longest = new int[ops.size()];
    }

    Outcome run(long maxStates) {
        completedLeft = completed;
        long states = 0;
        int event = events.first();
        while (completedLeft > 0) {
            if (events.isEnd(event)) {
                // Unreachable: an unlinearized completed op keeps a return event ahead of every call we scan.
                throw new IllegalStateException("ran past the last event with " + completedLeft + " ops left");
            }
            if (!events.isCall(event)) {
                if (depth == 0) {
                    return outcome(Verdict.NOT_LINEARIZABLE, states);
                }
                event = events.next(events.callOf(undo()));
                continue;
            }
            int op = events.op(event);
            if (canTakeEffectNext(op)) {
                int after = ops.get(op).write() ? valueOf[op] : state;
                linearized.set(op);
                boolean transientConfig = isPendingWrite(op);
                if (transientConfig || explored.add(new Config((BitSet) linearized.clone(), after))) {
                    if (states == maxStates) {
                        linearized.clear(op);
                        return outcome(Verdict.UNKNOWN, states);
                    }
                    states++;
                    apply(op, after);
                    if (!transientConfig) {
                        noteDepth();
                    }
                    event = events.first();
                    continue;
                }
                linearized.clear(op);
            }
            event = events.next(event);
        }
        noteDepth();
        return outcome(Verdict.LINEARIZABLE, states);
    }

    private boolean canTakeEffectNext(int op) {
        RegisterOp o = ops.get(op);
        boolean afterPendingWrite = depth > 0 && isPendingWrite(stackOp[depth - 1]);
        if (!o.write()) {
            return valueOf[op] == state;
        }
        if (afterPendingWrite) {
            return false;
        }
        return !o.pending() || (valueOf[op] != state && readsLeft[valueOf[op]] > 0);
    }

    private boolean isPendingWrite(int op) {
        return ops.get(op).pending();
    }

    private void apply(int op, int after) {
        stackOp[depth] = op;
        stackState[depth] = state;
        depth++;
        state = after;
        events.lift(op);
        RegisterOp o = ops.get(op);
        if (!o.pending()) {
            completedLeft--;
        }
        if (!o.write()) {
            readsLeft[valueOf[op]]--;
        }
    }

    /** Takes back the most recent step and returns its operation. */
    private int undo() {
        depth--;
        int op = stackOp[depth];
        state = stackState[depth];
        linearized.clear(op);
        events.unlift(op);
        RegisterOp o = ops.get(op);
        if (!o.pending()) {
            completedLeft++;
        }
        if (!o.write()) {
            readsLeft[valueOf[op]]++;
        }
        unchangedBelow = Math.min(unchangedBelow, depth);
        return op;
    }

    /** Keeps the deepest configuration for the explanation, copying only the part of the stack that changed. */
    private void noteDepth() {
        if (depth <= longestDepth) {
            return;
        }
        System.arraycopy(stackOp, unchangedBelow, longest, unchangedBelow, depth - unchangedBelow);
        longestDepth = depth;
        unchangedBelow = depth;
    }

    private Outcome outcome(Verdict verdict, long states) {
        return new Outcome(verdict, Arrays.copyOf(longest, longestDepth), states);
    }
}
