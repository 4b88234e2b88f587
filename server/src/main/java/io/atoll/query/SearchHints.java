package io.atoll.query;

/**
 * Qdrant's {@code params} of one search: {@code hnswEf} null means the vector's ef_construct; {@code quantization}
 * is {@code params.quantization} as asked, null when not; {@code acornMaxSelectivity} is
 * {@code params.acorn.max_selectivity} when ACORN is enabled, null when it is not.
 */
public record SearchHints(Integer hnswEf, boolean exact, QuantizationHints quantization, Double acornMaxSelectivity) {
    public static final SearchHints DEFAULT = new SearchHints(null, false, null, null);
}
