package io.atoll.schema;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * How a collection's reads use its replicas, and where its payload lives (Qdrant's {@code read_fan_out_factor},
 * {@code read_fan_out_delay_ms} and {@code payload.memory}). Immutable; null means the field was never set.
 *
 * @param fanOutFactor  how many replicas beyond those the read consistency needs are asked at once; the first
 *                      answers win (smooths a slow node's latency)
 * @param fanOutDelayMs when set above 0, the extra replicas are asked only if the first have not answered by then
 * @param payloadMemory {@code cold} or {@code cached}: kept and shown (payload lives in Lucene's stored fields,
 *                      read through the page cache either way)
 */
public record ReadSettings(Integer fanOutFactor, Long fanOutDelayMs, String payloadMemory) {
    public static final ReadSettings DEFAULT = new ReadSettings(null, null, null);

    @JsonCreator
    public ReadSettings {
    }

    /** The extra replicas asked; none unless the factor is set. */
    public int extraReplicas() {
        return fanOutFactor == null ? 0 : fanOutFactor;
    }

    public long delayMs() {
        return fanOutDelayMs == null ? 0 : fanOutDelayMs;
    }
}
