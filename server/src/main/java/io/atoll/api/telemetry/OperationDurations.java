package io.atoll.api.telemetry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The durations of one kind of answer (one method and status), in Qdrant's OperationDurationStatistics terms:
 * a count, the minimum, maximum and total, the mean of the latest {@value #WINDOW} (so a slow start does not
 * weigh on it forever) and when the last one answered. Thread-safe: one lock per method and status, held for a
 * few field updates.
 */
final class OperationDurations {
    static final int WINDOW = 128;

    private final float[] latest = new float[WINDOW];
    private long count;
    private float min = Float.POSITIVE_INFINITY;
    private float max;
    private long totalMicros;
    private Instant lastResponded;

    synchronized void record(long nanos, Instant at) {
        float micros = nanos / 1_000f;
        latest[(int) (count % WINDOW)] = micros;
        count++;
        min = Math.min(min, micros);
        max = Math.max(max, micros);
        totalMicros += nanos / 1_000;
        lastResponded = at;
    }

    synchronized ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("count", count);
        if (count == 0) {
            return o;
        }
        int n = (int) Math.min(count, WINDOW);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += latest[i];
        }
        o.put("avg_duration_micros", (float) (sum / n));
        o.put("min_duration_micros", min);
        o.put("max_duration_micros", max);
        o.put("total_duration_micros", totalMicros);
        o.put("last_responded", lastResponded.toString());
        return o;
    }
}
