package io.atoll.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows operations until each is READY or CANCELLED: polls them, prints every state change as a line (from
 * their history, so a state passed between two polls still shows), shows their transfers' progress, and returns
 * the exit code: 0 when all ended READY, 1 otherwise. A server that stops answering is retried for a while, since
 * the node asked may be restarting while the operation goes on. Not thread-safe: one thread follows.
 */
final class OperationFollower {
    private static final long POLL_MILLIS = 500;
    private static final long OUTAGE_LIMIT_MILLIS = 30_000;

    private final ReplicationApi api;
    private final ProgressDisplay display;
    private final PrintStream err;

    OperationFollower(ReplicationApi api, ProgressDisplay display, PrintStream err) {
        this.api = api;
        this.display = display;
        this.err = err;
    }

    /** What has been shown of one operation. */
    private static final class Followed {
        final String id;
        final List<String> statesShown = new ArrayList<>();
        final Set<Operation.Failure> errorsShown = new HashSet<>();
        boolean transferShown;
        Operation last;
        String failure;

        Followed(String id) {
            this.id = id;
        }

        boolean done() {
            return failure != null || last != null && last.finished();
        }

        String label() {
            return last == null ? "operation " + id : last.summary() + " [" + shortId(id) + "]";
        }
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    int follow(List<String> ids) throws ApiFailure, InterruptedException {
        Map<String, Followed> ops = new LinkedHashMap<>();
        ids.forEach(id -> ops.put(id, new Followed(id)));
        long outageSince = -1;
        try {
            while (ops.values().stream().anyMatch(f -> !f.done())) {
                for (Followed f : ops.values()) {
                    if (f.done()) {
                        continue;
                    }
                    try {
                        observe(f, Operation.from(api.operation(f.id, true)));
                        if (outageSince >= 0) {
                            display.line("the server answers again");
                        }
                        outageSince = -1;
                    } catch (ApiFailure.Unavailable e) {
                        long now = System.currentTimeMillis();
                        if (outageSince < 0) {
                            outageSince = now;
                            display.line(e.getMessage() + "; retrying for up to "
                                    + Units.duration(OUTAGE_LIMIT_MILLIS));
                        } else if (now - outageSince > OUTAGE_LIMIT_MILLIS) {
                            throw e;
                        }
                        break;
                    } catch (ApiFailure.Refused e) {
                        if (e.status() != 404) {
                            throw e;
                        }
                        endTransfer(f, false);
                        f.failure = f.label() + " no longer exists (deleted?)";
                        display.line(f.label() + ": gone");
                    }
                }
                if (ops.values().stream().anyMatch(f -> !f.done())) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } finally {
            display.close();
        }
        return report(ops.values());
    }

    private void observe(Followed f, Operation op) {
        f.last = op;
        if (op.transfer().isEmpty()) {
            // past HYDRATING (or READY) means the transfer finished; still HYDRATING or CANCELLED means it stopped
            endTransfer(f, !List.of("REGISTERED", "HYDRATING", Operation.CANCELLED).contains(op.state()));
        }
        List<String> states = op.states();
        boolean continues = states.size() > f.statesShown.size()
                && states.subList(0, f.statesShown.size()).equals(f.statesShown);
        List<String> fresh = continues ? states.subList(f.statesShown.size(), states.size())
                : f.statesShown.isEmpty() || !f.statesShown.getLast().equals(op.state()) ? List.of(op.state())
                : List.of();
        for (String state : fresh) {
            String from = f.statesShown.isEmpty() ? "" : f.statesShown.getLast() + " -> ";
            f.statesShown.add(state);
            String took = state.equals(op.state()) && op.finished()
                    ? " (after " + Units.duration(op.status().sinceMillis() - op.createdMillis()) + ")" : "";
            display.line(f.label() + ": " + from + state + took);
        }
        for (Operation.Failure e : op.allErrors()) {
            if (f.errorsShown.add(e)) {
                display.line(f.label() + ": error: " + e.message());
            }
        }
        op.transfer().ifPresent(t -> {
            f.transferShown = true;
            long running = op.status().sinceMillis() > 0
                    ? System.currentTimeMillis() - op.status().sinceMillis() : 0;
            display.progress(f.id, f.label(), t, running);
        });
    }

    private void endTransfer(Followed f, boolean completed) {
        if (f.transferShown) {
            f.transferShown = false;
            display.transferEnded(f.id, completed);
        }
    }

    /** Prints why each operation that did not end READY failed, to standard error; returns the exit code. */
    private int report(Iterable<Followed> ops) {
        int code = ExitCodes.OK;
        for (Followed f : ops) {
            if (f.failure != null) {
                err.println("atoll replicas: " + f.failure);
                code = ExitCodes.REFUSED;
            } else if (Operation.CANCELLED.equals(f.last.state())) {
                code = ExitCodes.REFUSED;
                List<Operation.Failure> errors = f.last.allErrors();
                err.println("atoll replicas: " + f.label() + " ended CANCELLED"
                        + (errors.isEmpty() ? f.last.scheduledForCancel() ? " (cancelled on request)" : "" : ":"));
                errors.forEach(e -> err.println("  " + e.message()));
            }
        }
        return code;
    }
}
