package io.atoll.query;

/**
 * Qdrant's {@code params} of one search: {@code hnswEf} null means the vector's ef_construct; {@code oversampling}
 * is {@code params.quantization.oversampling} as asked (null when not), held so that strict mode can bound it.
 */
public record SearchHints(Integer hnswEf, boolean exact, Double oversampling) {
    public static final SearchHints DEFAULT = new SearchHints(null, false, null);
}
