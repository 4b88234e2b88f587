package io.atoll.collection;

import io.atoll.error.AtollException;
import io.atoll.transport.PeerUnreachableException;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Qdrant's read fan-out for one shard read: the replicas a read consistency needs are asked at once, together with
 * {@code read_fan_out_factor} more (or the extra ones only once {@code read_fan_out_delay_ms} passed without enough
 * answers), and the first answers win, so one slow node does not set a read's latency. A replica that fails is
 * replaced by the next one not asked yet. Answers still running when enough have come are left to finish unread.
 * Thread-safe; one instance per coordinator, its virtual threads made per read.
 */
final class FanOutRead {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** The last failure's message, and the answers gathered: at most {@code needed} from the newest term. */
    record Outcome<R>(ReplicaAnswers<R> answers, String lastError) {
    }

    <R> Outcome<R> read(List<Long> readable, int needed, int extra, long delayMs,
                        LongFunction<ReplicaAnswers.Answer<R>> ask) {
        CompletionService<ReplicaAnswers.Answer<R>> done = new ExecutorCompletionService<>(executor);
        ReplicaAnswers<R> answers = new ReplicaAnswers<>();
        int next = 0;
        int running = 0;
        int first = delayMs > 0 ? needed : needed + extra;
        for (; next < Math.min(first, readable.size()); next++, running++) {
            long peer = readable.get(next);
            done.submit(() -> ask.apply(peer));
        }
        int extraLeft = delayMs > 0 ? extra : 0;
        long delayUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        String lastError = null;
        while (running > 0 && answers.current().size() < needed) {
            Future<ReplicaAnswers.Answer<R>> f;
            try {
                long wait = delayUntil - System.nanoTime();
                // with extra replicas still to ask, wait no longer than the delay (none at all once it passed)
                f = extraLeft > 0 ? done.poll(Math.max(0, wait), TimeUnit.NANOSECONDS) : done.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AtollException.unavailable("interrupted while reading replicas");
            }
            if (f == null) {
                // the delay passed with too few answers: ask the extra replicas now
                for (; extraLeft > 0 && next < readable.size(); extraLeft--, next++, running++) {
                    long peer = readable.get(next);
                    done.submit(() -> ask.apply(peer));
                }
                extraLeft = 0;
                continue;
            }
            running--;
            try {
                answers.add(f.get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof PeerUnreachableException) && !(e.getCause() instanceof AtollException)) {
                    throw new IllegalStateException(e.getCause());
                }
                lastError = e.getCause().getMessage();
                if (next < readable.size()) {
                    long peer = readable.get(next++);
                    done.submit(() -> ask.apply(peer));
                    running++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AtollException.unavailable("interrupted while reading replicas");
            }
        }
        return new Outcome<>(answers, lastError);
    }
}
