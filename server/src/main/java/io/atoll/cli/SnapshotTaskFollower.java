package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a snapshot creation or recovery request (which answers when it ends) and meanwhile shows the node's report
 * of it ({@code GET /snapshots/tasks}): a bar per stage, in bytes or points, with the server's ETA.
 */
final class SnapshotTaskFollower {
    private static final long POLL_MILLIS = 250;

    /** The request, which blocks until the work ends. */
    interface Request {
        JsonNode send() throws ApiFailure;
    }

    private final ReplicationApi api;

    SnapshotTaskFollower(ReplicationApi api) {
        this.api = api;
    }

    JsonNode follow(String label, Request request) throws ApiFailure, InterruptedException {
        long seen = newestTask();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                JsonNode r = request.send();
                outcome.set(r == null ? com.fasterxml.jackson.databind.node.NullNode.instance : r);
            } catch (ApiFailure f) {
                outcome.set(f);
            }
        });
        String shown = null;
        try (ProgressDisplay display = ProgressDisplay.forStandardOutput()) {
            while (worker.isAlive()) {
                worker.join(POLL_MILLIS);
                JsonNode task = taskAfter(seen);
                if (task == null) {
                    continue;
                }
                String bar = task.path("id").asText() + ":" + task.path("stage").asText();
                if (shown != null && !shown.equals(bar)) {
                    display.transferEnded(shown, true);
                }
                shown = bar;
                display.progress(bar, label + " (" + task.path("stage").asText() + ")", transfer(task),
                        System.currentTimeMillis() - task.path("started_at_millis").asLong());
            }
            if (shown != null) {
                display.transferEnded(shown, outcome.get() instanceof JsonNode);
            }
        }
        if (outcome.get() instanceof ApiFailure f) {
            throw f;
        }
        return (JsonNode) outcome.get();
    }

    private long newestTask() {
        long newest = 0;
        try {
            for (JsonNode t : api.send("GET", "/snapshots/tasks", null).path("result").path("tasks")) {
                newest = Math.max(newest, t.path("id").asLong());
            }
        } catch (ApiFailure f) {
            // no report: the request still runs, without a bar
        }
        return newest;
    }

    /** The newest task started after {@code seen}: the one the request started (one at a time from here). */
    private JsonNode taskAfter(long seen) {
        try {
            JsonNode found = null;
            for (JsonNode t : api.send("GET", "/snapshots/tasks", null).path("result").path("tasks")) {
                if (t.path("id").asLong() > seen && (found == null || t.path("id").asLong() > found.path("id").asLong())) {
                    found = t;
                }
            }
            return found;
        } catch (ApiFailure f) {
            return null;
        }
    }

    private static Operation.Transfer transfer(JsonNode task) {
        JsonNode p = task.path("progress");
        boolean bytes = p.path("unit").asText().equals("bytes");
        long done = p.path("done").asLong();
        long total = p.path("total").asLong();
        JsonNode eta = task.path("eta_seconds");
        Optional<Double> etaSeconds = eta.isNumber() ? Optional.of(eta.asDouble()) : Optional.empty();
        double rate = etaSeconds.isPresent() && etaSeconds.get() > 0 ? (total - done) / etaSeconds.get() : 0;
        return bytes ? new Operation.Transfer("snapshot", task.path("stage").asText(), 0, 0, 0, done, total, rate,
                etaSeconds, null)
                : new Operation.Transfer("snapshot", task.path("stage").asText(), done, total, rate, 0, 0, 0,
                etaSeconds, null);
    }
}
