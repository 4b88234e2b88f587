package io.atoll.chaos.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a search's outcome into text a person can debug from: for a violation, the longest linearizable prefix
 * the search found, the register's value after it, and why no remaining operation can take effect next.
 * Stateless.
 */
final class Explanation {
    private static final int PREFIX_TAIL = 6;
    private static final int MAX_CANDIDATES = 8;

    private Explanation() {}

    static String linearizable(List<RegisterOp> ops, int setAside, long states) {
        long pending = ops.stream().filter(RegisterOp::pending).count();
        return "linearizable: " + (ops.size() - pending) + " completed ops and " + (pending + setAside)
                + " indeterminate writes (" + setAside + " never observed, set aside); explored " + states
                + " states";
    }

    static String unknown(List<RegisterOp> ops, int[] prefix, long states) {
        return "unknown: search budget of " + states + " states exhausted; the longest linearizable prefix found so"
                + " far has " + describeSize(ops, prefix);
    }

    static String notLinearizable(List<RegisterOp> ops, int[] prefix) {
        boolean[] done = new boolean[ops.size()];
        RegisterOp lastWrite = null;
        for (int op : prefix) {
            done[op] = true;
            if (ops.get(op).write()) {
                lastWrite = ops.get(op);
            }
        }
        Long value = lastWrite == null ? null : lastWrite.value();
        StringBuilder out = new StringBuilder("not linearizable: the longest linearizable prefix found has ")
                .append(describeSize(ops, prefix)).append(".\nAfter it the register holds ")
                .append(lastWrite == null ? "nothing (absent: no write has taken effect)" : value + ", written by " + lastWrite)
                .append(".\n");

        RegisterOp mustGoNext = null;
        for (int op = 0; op < ops.size(); op++) {
            RegisterOp o = ops.get(op);
            if (!done[op] && !o.pending() && (mustGoNext == null || o.returnedAt() < mustGoNext.returnedAt())) {
                mustGoNext = o;
            }
        }
        if (mustGoNext == null) {
            return out.append("Every completed op is in it, yet the search failed: a checker bug.").toString();
        }
        out.append("Stuck at: ").append(mustGoNext).append(", which returned first among the rest, so it must take")
                .append(" effect before any op invoked after ").append(mustGoNext.returnedAt()).append(".\n")
                .append("None of the ops that could take effect next fits:\n");
        List<RegisterOp> candidates = new ArrayList<>();
        for (int op = 0; op < ops.size(); op++) {
            if (!done[op] && ops.get(op).invokedAt() <= mustGoNext.returnedAt()) {
                candidates.add(ops.get(op));
            }
        }
        candidates.sort(Comparator.comparingLong(RegisterOp::invokedAt));
        for (RegisterOp c : candidates.subList(0, Math.min(MAX_CANDIDATES, candidates.size()))) {
            out.append("  ").append(c).append(": ").append(whyNot(c, value)).append('\n');
        }
        if (candidates.size() > MAX_CANDIDATES) {
            out.append("  ... and ").append(candidates.size() - MAX_CANDIDATES).append(" more\n");
        }
        out.append("Last ops of that prefix, oldest first:\n");
        if (prefix.length == 0) {
            out.append("  (none)\n");
        }
        for (int i = Math.max(0, prefix.length - PREFIX_TAIL); i < prefix.length; i++) {
            out.append("  #").append(i + 1).append(' ').append(ops.get(prefix[i])).append('\n');
        }
        return out.toString();
    }

    private static String whyNot(RegisterOp op, Long registerValue) {
        if (!op.write()) {
            return "returned " + show(op.value()) + ", but the register holds " + show(registerValue);
        }
        if (op.pending()) {
            return "indeterminate; it could only matter if a read of " + op.value() + " followed it, and none can";
        }
        return "a write, but no order of the remaining ops works after it";
    }

    private static String show(Long value) {
        return value == null ? "absent" : value.toString();
    }

    private static String describeSize(List<RegisterOp> ops, int[] prefix) {
        long completed = ops.stream().filter(o -> !o.pending()).count();
        long completedInPrefix = Arrays.stream(prefix).filter(op -> !ops.get(op).pending()).count();
        return prefix.length + " ops (" + completedInPrefix + " of " + completed + " completed ops, "
                + (prefix.length - completedInPrefix) + " indeterminate writes)";
    }
}
