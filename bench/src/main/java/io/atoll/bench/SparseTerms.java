package io.atoll.bench;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sentence's sparse vector for the hybrid benchmark: its words (lower-cased, split at anything not a letter or a
 * digit, one-letter words and common English words left out), each at the dimension its hash names (unsigned),
 * weighted 1 + ln(count); the collection's IDF modifier weighs rare words up at query time.
 */
final class SparseTerms {
    private static final Set<String> STOP = Set.of("the", "and", "for", "of", "to", "in", "is", "a", "an", "on",
            "with", "this", "that", "it", "as", "by", "be", "are", "from", "or", "at", "which", "can", "its");

    private SparseTerms() {
    }

    /** Dimension (an unsigned 32-bit index) to weight, in index order. */
    static Map<Long, Double> of(String text) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 1 && !STOP.contains(word)) {
                counts.merge(Integer.toUnsignedLong(word.hashCode()), 1, Integer::sum);
            }
        }
        Map<Long, Double> out = new TreeMap<>();
        counts.forEach((dim, n) -> out.put(dim, 1 + Math.log(n)));
        return out;
    }
}
