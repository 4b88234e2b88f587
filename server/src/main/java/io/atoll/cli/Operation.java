package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A replication operation as the REST API shows it: Weaviate's fields, with Atoll's {@code transfer} progress
 * while its transfer runs. Read leniently (a missing field reads as empty), since the command line must still
 * show what a newer or older server answers. Immutable.
 */
record Operation(String id, String type, String collection, String shard, String source, String target,
                 Status status, List<Status> history, long createdMillis, boolean uncancelable,
                 boolean scheduledForCancel, boolean scheduledForDelete, Optional<Transfer> transfer) {

    static final String READY = "READY";
    static final String CANCELLED = "CANCELLED";

    /** A state the operation was in, since when, and the errors met in it. */
    record Status(String state, long sinceMillis, List<Failure> errors) {
        static Status from(JsonNode s) {
            List<Failure> errors = new ArrayList<>();
            s.path("errors").forEach(e -> errors.add(new Failure(e.path("whenErroredUnixMs").asLong(),
                    e.path("message").asText())));
            return new Status(s.path("state").asText("?"), s.path("whenStartedUnixMs").asLong(), List.copyOf(errors));
        }
    }

    record Failure(long atMillis, String message) {
    }

    /**
     * The progress of the operation's running transfer. Counted in bytes when the server knows the bytes to send
     * (a snapshot), else in points; {@code etaSeconds} is empty while the server cannot tell.
     */
    record Transfer(String method, String stage, long pointsDone, long pointsTotal, double pointsPerSec,
                    long bytesDone, long bytesTotal, double bytesPerSec, Optional<Double> etaSeconds, String error) {
        static Transfer from(JsonNode t) {
            JsonNode eta = t.path("eta_sec");
            return new Transfer(t.path("method").asText(""), t.path("stage").asText(""),
                    t.path("points_done").asLong(), t.path("points_total").asLong(), t.path("points_per_sec").asDouble(),
                    t.path("bytes_done").asLong(), t.path("bytes_total").asLong(), t.path("bytes_per_sec").asDouble(),
                    eta.isNumber() ? Optional.of(eta.asDouble()) : Optional.empty(),
                    t.path("error").isTextual() ? t.path("error").asText() : null);
        }

        boolean inBytes() {
            return bytesTotal > 0;
        }

        long done() {
            return inBytes() ? bytesDone : pointsDone;
        }

        long total() {
            return inBytes() ? bytesTotal : pointsTotal;
        }

        double perSecond() {
            return inBytes() ? bytesPerSec : pointsPerSec;
        }

        /** Whole percent done, or -1 while the total is not known. */
        int percent() {
            return total() <= 0 ? -1 : (int) Math.min(100, Math.floor(100.0 * done() / total()));
        }

        /** {@code 45% 40.2/88.0 MiB 12.3 MiB/s ETA 4s}, or in points. */
        String describe() {
            String amount = inBytes() ? Units.bytes(done(), total()) : done() + "/" + total() + " points";
            String rate = inBytes() ? Units.bytes(Math.round(perSecond())) + "/s" : Math.round(perSecond()) + " points/s";
            if (total() <= 0 && done() == 0) {
                return "starting";
            }
            String eta = etaSeconds.map(Units::seconds).orElse("?");
            int p = percent();
            return (p < 0 ? "?%" : p + "%") + " " + amount + " " + rate + " ETA " + eta;
        }
    }

    static Operation from(JsonNode o) {
        List<Status> history = new ArrayList<>();
        o.path("statusHistory").forEach(s -> history.add(Status.from(s)));
        JsonNode t = o.path("transfer");
        return new Operation(o.path("id").asText(), o.path("type").asText("?"), o.path("collection").asText("?"),
                o.path("shard").asText("?"), o.path("sourceNode").asText("?"), o.path("targetNode").asText("?"),
                Status.from(o.path("status")), List.copyOf(history), o.path("whenStartedUnixMs").asLong(),
                o.path("uncancelable").asBoolean(), o.path("scheduledForCancel").asBoolean(),
                o.path("scheduledForDelete").asBoolean(), t.isObject() ? Optional.of(Transfer.from(t)) : Optional.empty());
    }

    String state() {
        return status.state();
    }

    boolean finished() {
        return READY.equals(state()) || CANCELLED.equals(state());
    }

    /** {@code move c/0 1 -> 2}: what the operation does, in one short phrase. */
    String summary() {
        return type.toLowerCase(java.util.Locale.ROOT) + " " + collection + "/" + shard + " " + source + " -> " + target;
    }

    /** The states it went through, oldest first, the current one last, without repeats. */
    List<String> states() {
        List<String> out = new ArrayList<>();
        for (Status s : history) {
            if (out.isEmpty() || !out.getLast().equals(s.state())) {
                out.add(s.state());
            }
        }
        if (out.isEmpty() || !out.getLast().equals(state())) {
            out.add(state());
        }
        return out;
    }

    /** Every error it met, in its earlier states and its current one, oldest first. */
    List<Failure> allErrors() {
        List<Failure> out = new ArrayList<>();
        history.forEach(s -> out.addAll(s.errors()));
        out.addAll(status.errors());
        return out;
    }

    Optional<Failure> lastError() {
        List<Failure> all = allErrors();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }
}
