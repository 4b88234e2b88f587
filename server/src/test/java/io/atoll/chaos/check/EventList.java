package io.atoll.chaos.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A history's call and return events in time order, as a doubly linked list from which a linearized operation's
 * events are lifted and later put back in place (dancing links), so that a step of the search and its undo each
 * cost O(1). A pending operation has a call event and no return event: nothing forces it to take effect.
 *
 * <p>Events at the same instant are ordered calls first, so an operation that returned at the very nanosecond
 * another was invoked counts as concurrent with it: with clocks this coarse we cannot tell which came first, and
 * the checker must not report a violation it cannot prove. Not thread-safe.
 */
final class EventList {
    private static final int NONE = -1;

    private final int[] next;
    private final int[] prev;
    private final int[] opOfEvent;
    private final boolean[] isCall;
    private final int[] callOf;
    private final int[] returnOf;
    private final int head;
    private final int tail;

    EventList(List<RegisterOp> ops) {
        List<int[]> events = new ArrayList<>(); // {op, 0 for call / 1 for return}
        for (int op = 0; op < ops.size(); op++) {
            events.add(new int[] {op, 0});
            if (!ops.get(op).pending()) {
                events.add(new int[] {op, 1});
            }
        }
        events.sort(Comparator.<int[]>comparingLong(e -> time(ops.get(e[0]), e[1]))
                .thenComparingInt(e -> e[1])
                .thenComparingInt(e -> e[0]));

        int n = events.size();
        head = n;
        tail = n + 1;
        next = new int[n + 2];
        prev = new int[n + 2];
        opOfEvent = new int[n];
        isCall = new boolean[n];
        callOf = new int[ops.size()];
        returnOf = new int[ops.size()];
        Arrays.fill(returnOf, NONE);
        int last = head;
        for (int e = 0; e < n; e++) {
            int op = events.get(e)[0];
            opOfEvent[e] = op;
            isCall[e] = events.get(e)[1] == 0;
            if (isCall[e]) {
                callOf[op] = e;
            } else {
                returnOf[op] = e;
            }
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = tail;
        prev[tail] = last;
    }

    private static long time(RegisterOp op, int kind) {
        return kind == 0 ? op.invokedAt() : op.returnedAt();
    }

    /** The first event still in the list, or the end marker. */
    int first() {
        return next[head];
    }

    int next(int event) {
        return next[event];
    }

    boolean isEnd(int event) {
        return event == tail;
    }

    boolean isCall(int event) {
        return isCall[event];
    }

    int op(int event) {
        return opOfEvent[event];
    }

    int callOf(int op) {
        return callOf[op];
    }

    /** Removes the operation's events; {@link #unlift} must undo lifts in reverse order. */
    void lift(int op) {
        unlink(callOf[op]);
        if (returnOf[op] != NONE) {
            unlink(returnOf[op]);
        }
    }

    void unlift(int op) {
        // Reverse order of lift: the call's saved neighbours may be the return event itself.
        if (returnOf[op] != NONE) {
            relink(returnOf[op]);
        }
        relink(callOf[op]);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    private void relink(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }
}
