package io.atoll.collection;

import io.atoll.shard.LogPosition;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers of several replicas of one shard to one read, each with the primary term its replica was in. Only
 * answers from the newest term count: a replica left behind in an older term (a deposed primary that has not
 * learnt it was replaced, and may hold writes that were never acknowledged) must not outvote replicas that
 * acknowledged the new primary's writes, since its point versions (sequence numbers of the old term) are not
 * comparable with theirs.
 *
 * @param <R> one replica's answer
 */
public final class ReplicaAnswers<R> {
    /**
     * One replica's answer: the replica's peer, the term it was in when it answered, and how far its log was
     * (every record its answer can reflect is at or below that position).
     */
    public record Answer<R>(R value, long peer, long term, LogPosition position) {
    }

    private final List<Answer<R>> answers = new ArrayList<>();

    void add(Answer<R> a) {
        answers.add(a);
    }

    private long newestTerm() {
        return answers.stream().mapToLong(Answer::term).max().orElse(0);
    }

    /** The answers from the newest term seen so far. */
    List<Answer<R>> current() {
        long newest = newestTerm();
        return answers.stream().filter(a -> a.term() == newest).toList();
    }

    /** How many replicas answered from an older term (and were set aside). */
    int behind() {
        return answers.size() - current().size();
    }
}
