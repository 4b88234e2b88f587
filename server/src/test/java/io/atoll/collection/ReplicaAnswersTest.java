package io.atoll.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.shard.LogPosition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression for chaos run "mixed" seed 109: a primary cut off from the majority kept an unacknowledged write
 * (value 8) at a sequence number above the new primary's acknowledged writes (value 10). Right after the partition
 * healed, a consistency=majority read through the deposed primary, still on its old metadata, merged its own
 * replica with a replica of the new term by version and returned 8; the next read returned 10 again, which is not
 * linearizable. Answers from a replica behind in an older term no longer count.
 */
class ReplicaAnswersTest {
    private static <R> ReplicaAnswers.Answer<R> answer(R value, long term) {
        return new ReplicaAnswers.Answer<>(value, 1, term, new LogPosition(0, 0));
    }

    private static <R> List<R> values(ReplicaAnswers<R> answers) {
        return answers.current().stream().map(ReplicaAnswers.Answer::value).toList();
    }

    @Test
    void aDeposedPrimaryDoesNotOutvoteTheNewTerm() {
        ReplicaAnswers<String> answers = new ReplicaAnswers<>();
        answers.add(answer("deposed primary: 8", 1));
        answers.add(answer("new primary: 10", 2));
        assertEquals(List.of("new primary: 10"), values(answers));
        assertEquals(1, answers.behind());
        answers.add(answer("replica: 10", 2));
        assertEquals(List.of("new primary: 10", "replica: 10"), values(answers));
    }

    @Test
    void answersOfOneTermAllCount() {
        ReplicaAnswers<Integer> answers = new ReplicaAnswers<>();
        answers.add(answer(1, 3));
        answers.add(answer(2, 3));
        assertEquals(List.of(1, 2), values(answers));
        assertEquals(0, answers.behind());
    }
}
