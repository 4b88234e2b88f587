package io.atoll.chaos.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/** A workload's client threads: each runs its step until stopped; stop waits for the step in flight. */
final class Clients {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    void start(String name, int count, IntConsumer step) {
        for (int p = 0; p < count; p++) {
            int process = p;
            threads.add(Thread.ofPlatform().name(name + "-" + p).daemon().start(() -> {
                while (!stop.get()) {
                    step.accept(process);
                }
            }));
        }
    }

    void stop() {
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
