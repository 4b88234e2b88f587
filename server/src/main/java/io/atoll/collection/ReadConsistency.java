package io.atoll.collection;

import io.atoll.error.AtollException;

/**
 * How many replicas of each shard a read asks (Qdrant's {@code consistency} parameter): one (the default), a
 * majority of the shard's replicas ({@code majority} and {@code quorum} alike), all of them, or a number. Answers
 * are merged keeping each point's newest version.
 */
public record ReadConsistency(Mode mode, int count) {
    public enum Mode { ONE, MAJORITY, ALL, COUNT }

    public static final ReadConsistency ONE = new ReadConsistency(Mode.ONE, 1);

    /** Parses the query parameter; null or empty means one replica. */
    public static ReadConsistency parse(String value) {
        if (value == null || value.isEmpty()) {
            return ONE;
        }
        return switch (value) {
            case "majority", "quorum" -> new ReadConsistency(Mode.MAJORITY, 0);
            case "all" -> new ReadConsistency(Mode.ALL, 0);
            default -> {
                int n;
                try {
                    n = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw AtollException.badRequest("Bad request: consistency must be majority, quorum, all or a "
                            + "positive number, got `" + value + "`");
                }
                if (n < 1) {
                    throw AtollException.badRequest("Bad request: consistency must be at least 1, got " + n);
                }
                yield n == 1 ? ONE : new ReadConsistency(Mode.COUNT, n);
            }
        };
    }

    /** How many replicas must answer, for a shard with {@code replicas} replicas in the metadata. */
    public int required(int replicas) {
        return switch (mode) {
            case ONE -> 1;
            case MAJORITY -> replicas / 2 + 1;
            case ALL -> replicas;
            // Asking for more replicas than the shard has reads all of them, as in Qdrant.
            case COUNT -> Math.min(count, replicas);
        };
    }
}
