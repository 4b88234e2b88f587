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
 * next: if the register allows it and the resulting configuration (set of linearized operations as a BitSet,
 * register value) was never reached before, it lifts the operation out of the list and restarts from the head.
 * At a return it has found an operation that had to take effect before everything still in the list after it,
 * and did not: it undoes the most recent step and tries the call after that step's one. The stack of steps is an
 * array, so a long history costs no Java stack.
 *
 * <p>Three exact reductions keep the search small when many clients share a key; each keeps a linearization if
 * there is one (the brute-force oracle in the tests checks this on many tiny histories):
 * <ul>
 *   <li>Forced steps ({@link #forcedStep}): a read of the current value that may go next is taken at once, and so
 *       is a write no remaining read can observe once its return is the earliest left; if a forced step fails,
 *       the configuration it was taken from fails, with no alternatives tried. Only writes branch.
 *   <li>In the cache, any value that no remaining read returned is recorded as one value: from there on the
 *       register's contents cannot be observed until the next write, so such configurations have the same future.
 *   <li>Pending (indeterminate) writes have no return event, so nothing forces them in; the search succeeds as
 *       soon as every completed operation is linearized. A pending write may take effect only where it is
 *       observed: it must change the value, and the very next step must be a read of it. Any linearization can be
 *       rewritten into that shape, since an indeterminate write that no read sees before the next write can be
 *       dropped without changing what any read returns. The configuration just after one is transient and is
 *       not cached.
 * </ul>
 * Not thread-safe; one instance per run.
 */
final class WglSearch {
    /** How a run ended and the longest linearizable prefix it found (operation indices, in order). */
    record Outcome(Verdict verdict, int[] longestPrefix, long statesExplored) {}

    /** A point of the search already explored; {@code linearized} is a private copy. */
    private record Config(BitSet linearized, int state) {}

    private static final int ABSENT = 0;
    /** Cache stand-in for any register value that no remaining read returned. */
    private static final int UNREADABLE = -1;
    private static final int NONE = -1;

    private enum Step { TAKEN, SEEN, OUT_OF_BUDGET }

    private final List<RegisterOp> ops;
    private final EventList events;
    private final int[] valueOf;
    private final int[] readsLeft;
    private final int completed;

    private final BitSet linearized = new BitSet();
    private final Set<Config> explored = new HashSet<>();
    private final int[] stackOp;
    private final int[] stackState;
    private final boolean[] stackForced;
    private int depth;
    private int state = ABSENT;
    private int completedLeft;
    private long maxStates;
    private long states;

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
        this.stackForced = new boolean[ops.size()];
        this.longest = new int[ops.size()];
    }

    Outcome run(long maxStates) {
        this.maxStates = maxStates;
        completedLeft = completed;
        int event = events.first();
        boolean arrived = true;
        while (completedLeft > 0) {
            if (arrived) {
                arrived = false;
                event = events.first();
                int forced = forcedStep();
                if (forced != NONE) {
                    Step step = tryStep(forced, true);
                    if (step == Step.OUT_OF_BUDGET) {
                        return outcome(Verdict.UNKNOWN);
                    }
                    if (step == Step.TAKEN) {
                        arrived = true;
                        continue;
                    }
                    event = backtrack(); // seen before: everything from here on already failed
                    if (event == NONE) {
                        return outcome(Verdict.NOT_LINEARIZABLE);
                    }
                    continue;
                }
            }
            if (events.isEnd(event)) {
                // Unreachable: an unlinearized completed op keeps a return event ahead of every call we scan.
                throw new IllegalStateException("ran past the last event with " + completedLeft + " ops left");
            }
            if (!events.isCall(event)) {
                event = backtrack();
                if (event == NONE) {
                    return outcome(Verdict.NOT_LINEARIZABLE);
                }
                continue;
            }
            int op = events.op(event);
            if (canWriteNext(op)) {
                Step step = tryStep(op, false);
                if (step == Step.OUT_OF_BUDGET) {
                    return outcome(Verdict.UNKNOWN);
                }
                if (step == Step.TAKEN) {
                    arrived = true;
                    continue;
                }
            }
            event = events.next(event);
        }
        noteDepth();
        return outcome(Verdict.LINEARIZABLE);
    }

    /**
     * The one step worth trying from this configuration, if there is one, or {@link #NONE}:
     * <ul>
     *   <li>a read of the current value that may go next: in any linearization from here it could be moved to the
     *       front, since it changes nothing and nothing left had to finish before it began;
     *   <li>failing that, when the earliest return left belongs to a completed write whose value no remaining read
     *       returned, that write: it must come before anything invoked after that return, nothing read before it
     *       can read the current value (there is no such read left that may go next), and it can be moved to the
     *       front, where the next write hides it as before.
     * </ul>
     */
    private int forcedStep() {
        int e = events.first();
        for (; !events.isEnd(e) && events.isCall(e); e = events.next(e)) {
            int op = events.op(e);
            if (!ops.get(op).write() && valueOf[op] == state) {
                return op;
            }
        }
        if (events.isEnd(e) || afterPendingWrite()) {
            return NONE;
        }
        int op = events.op(e);
        return ops.get(op).write() && readsLeft[valueOf[op]] == 0 ? op : NONE;
    }

    private boolean afterPendingWrite() {
        return depth > 0 && isPendingWrite(stackOp[depth - 1]);
    }

    private boolean canWriteNext(int op) {
        RegisterOp o = ops.get(op);
        if (!o.write() || afterPendingWrite()) {
            return false;
        }
        return !o.pending() || (valueOf[op] != state && readsLeft[valueOf[op]] > 0);
    }

    /** Makes {@code op} take effect next unless that leads to an explored configuration or past the budget. */
    private Step tryStep(int op, boolean forced) {
        if (states == maxStates) {
            return Step.OUT_OF_BUDGET;
        }
        states++;
        apply(op, forced);
        if (isPendingWrite(op)) {
            return Step.TAKEN; // transient: the next step must be a read of it, so there is nothing to share
        }
        // A value no remaining read returned is as good as any other such value: merge them in the cache.
        int seenAs = readsLeft[state] > 0 ? state : UNREADABLE;
        if (!explored.add(new Config((BitSet) linearized.clone(), seenAs))) {
            undo();
            return Step.SEEN;
        }
        noteDepth();
        return Step.TAKEN;
    }

    /**
     * Takes back steps until one leaves an alternative to try, and returns the event to resume the scan at, or
     * {@link #NONE} if the first configuration has failed. A forced step failing means the configuration it was
     * taken from failed too, so it is taken back as well.
     */
    private int backtrack() {
        while (depth > 0) {
            boolean forced = stackForced[depth - 1];
            int op = undo();
            if (!forced) {
                return events.next(events.callOf(op));
            }
        }
        return NONE;
    }

    private boolean isPendingWrite(int op) {
        return ops.get(op).pending();
    }

    private void apply(int op, boolean forced) {
        stackOp[depth] = op;
        stackState[depth] = state;
        stackForced[depth] = forced;
        depth++;
        linearized.set(op);
        if (ops.get(op).write()) {
            state = valueOf[op];
        }
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

    private Outcome outcome(Verdict verdict) {
        return new Outcome(verdict, Arrays.copyOf(longest, longestDepth), states);
    }
}
