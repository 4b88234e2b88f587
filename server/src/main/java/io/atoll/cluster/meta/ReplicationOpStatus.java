package io.atoll.cluster.meta;

import java.util.ArrayList;
import java.util.List;

/**
 * One state a replication operation was in: since when, and the errors its step met there (each step retries,
 * so an operation shows why it is not moving on). Times are wall-clock milliseconds chosen by the proposer of the
 * record that changed it: apply takes no clock. Immutable.
 */
public record ReplicationOpStatus(ReplicationOpState state, long sinceMillis, List<Error> errors) {
    /** An error a step met, and when. */
    public record Error(long atMillis, String message) {
    }

    public ReplicationOpStatus {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    ReplicationOpStatus withError(Error e) {
        List<Error> more = new ArrayList<>(errors);
        more.add(e);
        return new ReplicationOpStatus(state, sinceMillis, more);
    }

    /** When the last error happened; the step's backoff counts from there. 0 when there is none. */
    public long lastErrorAtMillis() {
        return errors.isEmpty() ? 0 : errors.getLast().atMillis();
    }
}
