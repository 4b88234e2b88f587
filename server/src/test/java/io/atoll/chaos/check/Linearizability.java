package io.atoll.chaos.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a single register's history is linearizable: Wing &amp; Gong's search with Lowe's memoization
 * ({@link WglSearch}), after two exact simplifications done here. Histories of different keys are independent
 * (Horn &amp; Kroening's P-compositionality), so a caller checks each key on its own, or through
 * {@link #checkPerKey}. Stateless and thread-safe.
 *
 * <p>Cost: the search is exponential in the number of operations in flight at once on the key in the worst
 * case. With about ten completed operations overlapping, a thousand operations take some twenty thousand states;
 * twenty-five busy clients on one key can take a million. Each explored state keeps a copy of the linearized set
 * (about n/8 bytes for n operations), so the budget bounds memory as well as time. Treat {@link Verdict#UNKNOWN}
 * as inconclusive, never as a pass.
 */
public final class Linearizability {
    /** The verdict and a human explanation; on a violation it shows where the search got stuck. */
    public record Result(Verdict verdict, String explanation) {
        public Result {
            Objects.requireNonNull(verdict);
            Objects.requireNonNull(explanation);
        }
    }

    public enum Verdict {
        LINEARIZABLE,
        NOT_LINEARIZABLE,
        /** The search explored {@code maxStatesExplored} states without deciding. */
        UNKNOWN
    }

    private Linearizability() {}

    /**
     * Checks one register's history: completed operations and indeterminate writes ({@link RegisterOp#PENDING}).
     * Indeterminate reads, if any slipped in, are ignored: whatever they saw, they constrain nothing.
     *
     * @param maxStatesExplored bound on the search's steps; past it the verdict is {@link Verdict#UNKNOWN}
     */
    public static Result check(List<RegisterOp> history, long maxStatesExplored) {
        if (maxStatesExplored < 0) {
            throw new IllegalArgumentException("maxStatesExplored must be >= 0, was " + maxStatesExplored);
        }
        List<RegisterOp> ops = new ArrayList<>();
        for (RegisterOp op : history) {
            if (op.write() || !op.pending()) {
                ops.add(op);
            }
        }
        Set<Long> written = new HashSet<>();
        Set<Long> read = new HashSet<>();
        for (RegisterOp op : ops) {
            (op.write() ? written : read).add(op.value());
        }
        // A read of a value nobody wrote can never be linearized; saying so directly beats a search's dead end.
        for (RegisterOp op : ops) {
            if (!op.write() && op.value() != null && !written.contains(op.value())) {
                return new Result(Verdict.NOT_LINEARIZABLE, "not linearizable: " + op + " returned " + op.value()
                        + ", which no operation in this history wrote (completed or indeterminate)");
            }
        }
        // An indeterminate write whose value no read returned can always be taken to have never happened:
        // dropping it leaves every read's value unchanged. Removing it up front keeps the search small.
        List<RegisterOp> relevant = new ArrayList<>();
        int setAside = 0;
        for (RegisterOp op : ops) {
            if (op.pending() && !read.contains(op.value())) {
                setAside++;
            } else {
                relevant.add(op);
            }
        }
        WglSearch.Outcome outcome = new WglSearch(relevant).run(maxStatesExplored);
        return switch (outcome.verdict()) {
            case LINEARIZABLE -> new Result(Verdict.LINEARIZABLE,
                    Explanation.linearizable(relevant, setAside, outcome.statesExplored()));
            case NOT_LINEARIZABLE -> new Result(Verdict.NOT_LINEARIZABLE,
                    Explanation.notLinearizable(relevant, outcome.longestPrefix()));
            case UNKNOWN -> new Result(Verdict.UNKNOWN,
                    Explanation.unknown(relevant, outcome.longestPrefix(), outcome.statesExplored()));
        };
    }

    /**
     * Checks every key's history on its own and reports the first key (in the map's iteration order) that is not
     * linearizable; keys left undecided make the result {@link Verdict#UNKNOWN} only if no key fails.
     */
    public static <K> Result checkPerKey(Map<K, List<RegisterOp>> histories, long maxStatesExploredPerKey) {
        List<String> undecided = new ArrayList<>();
        int ops = 0;
        for (Map.Entry<K, List<RegisterOp>> e : histories.entrySet()) {
            Result r = check(e.getValue(), maxStatesExploredPerKey);
            ops += e.getValue().size();
            switch (r.verdict()) {
                case NOT_LINEARIZABLE -> {
                    return new Result(Verdict.NOT_LINEARIZABLE, "key " + e.getKey() + ": " + r.explanation());
                }
                case UNKNOWN -> undecided.add("key " + e.getKey() + ": " + r.explanation());
                case LINEARIZABLE -> { }
            }
        }
        if (!undecided.isEmpty()) {
            return new Result(Verdict.UNKNOWN, undecided.size() + " of " + histories.size()
                    + " keys undecided, none failed:\n" + String.join("\n", undecided));
        }
        return new Result(Verdict.LINEARIZABLE,
                "linearizable: all " + histories.size() + " keys (" + ops + " ops)");
    }
}
