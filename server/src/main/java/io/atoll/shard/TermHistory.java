package io.atoll.shard;

import java.util.Map;
import java.util.TreeMap;

/**
 * The term in which each record of a replica's log was created, kept as the first sequence number of every run
 * of records from one term (terms change rarely, so this stays small). Records it never saw (before the oldest
 * WAL record when the replica opened) have term -1: unknown. Not thread-safe: guarded by the shard's write lock.
 */
final class TermHistory {
    private final TreeMap<Long, Long> runStarts = new TreeMap<>();
    private long last;

    /** Notes the record {@code seq}, created in {@code term}; records are noted in sequence order. */
    void note(long seq, long term) {
        if (last > 0 && seq > last + 1 && runStarts.lastEntry().getValue() != -1) {
            // Records between (a log base and a WAL trimmed past it) are of unknown term.
            runStarts.put(last + 1, -1L);
        }
        Map.Entry<Long, Long> run = runStarts.lastEntry();
        if (run == null || run.getValue() != term) {
            runStarts.put(seq, term);
        }
        last = seq;
    }

    /** The records up to {@code seq} not noted so far are of unknown term. */
    void unknownUpTo(long seq) {
        if (seq > last) {
            note(last + 1, -1);
            last = seq;
        }
    }

    /**
     * Why a log whose last record is {@code seq} from term {@code recordTerm} is not a prefix of this one, whose
     * last record is {@code lastSeq}; null when it is.
     */
    String divergenceOf(long seq, long recordTerm, long lastSeq) {
        if (seq > lastSeq) {
            return "it holds records up to " + seq + " and the primary only up to " + lastSeq;
        }
        long mine = termAt(seq);
        if (mine < 0 || recordTerm < 0) {
            return "the term of record " + seq + " is no longer known";
        }
        return mine == recordTerm ? null
                : "its record " + seq + " is from term " + recordTerm + ", the primary's from term " + mine;
    }

    /** The term record {@code seq} was created in: 0 for seq 0 (no record), -1 when unknown. */
    long termAt(long seq) {
        if (seq == 0) {
            return 0;
        }
        Map.Entry<Long, Long> run = seq > last ? null : runStarts.floorEntry(seq);
        return run == null ? -1 : run.getValue();
    }
}
