package io.atoll.query;

/**
 * Qdrant's {@code params.quantization} of one search, as asked.
 *
 * @param ignore       search as if the vectors were not quantized (Lucene walks a quantized graph with quantized
 *                     scores either way, so every candidate it finds is scored again with the original vectors)
 * @param rescore      score the best candidates again with the original vectors; null lets the quantization decide
 *                     (Qdrant's default: only binary quantization rescores)
 * @param oversampling how many times {@code limit + offset} candidates to take from the quantized search before
 *                     rescoring and cutting, at least 1; null for 1
 */
public record QuantizationHints(boolean ignore, Boolean rescore, Double oversampling) {
}
