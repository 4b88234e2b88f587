package io.atoll.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    @Test
    void aDeposedPrimaryDoesNotOutvoteTheNewTerm() {
        ReplicaAnswers<String> answers = new ReplicaAnswers<>();
        answers.add(new ReplicaAnswers.Answer<>("deposed primary: 8", 1));
        answers.add(new ReplicaAnswers.Answer<>("new primary: 10", 2));
        assertEquals(List.of("new primary: 10"), answers.current());
        assertEquals(1, answers.behind());
        answers.add(new ReplicaAnswers.Answer<>("replica: 10", 2));
        assertEquals(List.of("new primary: 10", "replica: 10"), answers.current());
    }

    @Test
    void answersOfOneTermAllCount() {
        ReplicaAnswers<Integer> answers = new ReplicaAnswers<>();
        answers.add(new ReplicaAnswers.Answer<>(1, 3));
        answers.add(new ReplicaAnswers.Answer<>(2, 3));
        assertEquals(List.of(1, 2), answers.current());
        assertEquals(0, answers.behind());
    }
}
