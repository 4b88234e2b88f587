package io.atoll.chaos.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generates single-register histories that are linearizable by construction: concurrent simulated clients
 * invoke operations on a real register, each operation takes effect at a random instant inside its interval, and
 * reads return what the register held at that instant. Some writes become indeterminate: the client gives up at
 * its timeout, and the write takes effect later (possibly after the client moved on) or never, as over a lost
 * connection. Indeterminate reads are dropped, as the chaos harness drops them. Values written are 1, 2, 3, ...
 * Deterministic for a seed.
 */
final class SimulatedRegister {
    /** One simulated operation before it becomes a {@link RegisterOp}; {@code effectAt < 0} means never. */
    private static final class Sim {
        final int process;
        final boolean write;
        final long invokedAt;
        final long returnedAt;
        final boolean indeterminate;
        final long effectAt;
        Long value;

        Sim(int process, boolean write, Long value, long invokedAt, long returnedAt, boolean indeterminate, long effectAt) {
            this.process = process;
            this.write = write;
            this.value = value;
            this.invokedAt = invokedAt;
            this.returnedAt = returnedAt;
            this.indeterminate = indeterminate;
            this.effectAt = effectAt;
        }
    }

    private SimulatedRegister() {}

    static List<RegisterOp> history(long seed, int processes, int ops, double readFraction, double indeterminateFraction) {
        Random random = new Random(seed);
        long[] freeAt = new long[processes];
        List<Sim> sims = new ArrayList<>();
        long nextValue = 1;
        for (int i = 0; i < ops; i++) {
            int p = random.nextInt(processes);
            long invokedAt = freeAt[p] + 1 + random.nextInt(50);
            long duration = 1 + random.nextInt(100);
            long returnedAt = invokedAt + duration;
            boolean write = random.nextDouble() >= readFraction;
            boolean indeterminate = random.nextDouble() < indeterminateFraction;
            long effectAt;
            if (!indeterminate) {
                effectAt = invokedAt + random.nextLong(duration + 1);
            } else if (random.nextBoolean()) {
                effectAt = -1; // lost before it reached the register
            } else {
                effectAt = invokedAt + random.nextLong(4 * duration); // may land after the client gave up
            }
            sims.add(new Sim(p, write, write ? nextValue++ : null, invokedAt, returnedAt, indeterminate, effectAt));
            freeAt[p] = returnedAt;
        }
        applyInEffectOrder(sims);
        List<RegisterOp> history = new ArrayList<>();
        for (Sim s : sims) {
            if (s.write) {
                history.add(s.indeterminate
                        ? RegisterOp.pendingWrite(s.process, s.value, s.invokedAt)
                        : RegisterOp.write(s.process, s.value, s.invokedAt, s.returnedAt));
            } else if (!s.indeterminate) {
                history.add(RegisterOp.read(s.process, s.value, s.invokedAt, s.returnedAt));
            }
        }
        return history;
    }

    private static void applyInEffectOrder(List<Sim> sims) {
        List<Sim> effective = new ArrayList<>(sims.stream().filter(s -> s.effectAt >= 0).toList());
        effective.sort(Comparator.comparingLong(s -> s.effectAt));
        Long register = null;
        for (Sim s : effective) {
            if (s.write) {
                register = s.value;
            } else {
                s.value = register;
            }
        }
    }
}
