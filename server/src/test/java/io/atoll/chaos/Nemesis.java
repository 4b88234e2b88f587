package io.atoll.chaos;

import io.atoll.chaos.check.Findings;
import io.atoll.chaos.fault.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Injects the scenario's faults one at a time, drawn with the run's seed: wait a while, start a fault, hold it,
 * heal it, until the chaos phase is over; an operation (a join, a transfer) is not held, so it goes on through
 * the next fault. Every start and heal goes into the history.
 */
final class Nemesis {
    private final ChaosWorld world;
    private final Random random;
    private int injected;

    Nemesis(ChaosWorld world) {
        this.world = world;
        this.random = new Random(world.seed());
    }

    void run(Duration chaos) throws InterruptedException {
        List<Fault> faults = world.scenario().faults();
        long end = System.nanoTime() + chaos.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(jitter(world.scenario().faultGap()));
            Fault fault = faults.get(random.nextInt(faults.size()));
            Optional<Fault.Disruption> d;
            try {
                d = fault.start(world, random);
            } catch (Exception e) {
                world.findings().add(Findings.HARNESS, fault.name() + " could not start: " + e);
                continue;
            }
            if (d.isEmpty()) {
                continue;
            }
            injected++;
            world.history().nemesis("start", fault.name(), d.get().describe());
            if (d.get().held()) {
                Thread.sleep(Math.min(jitter(world.scenario().faultHold()),
                        Math.max(0, (end - System.nanoTime()) / 1_000_000)));
            }
            try {
                d.get().heal(world);
            } catch (Exception e) {
                world.findings().add(Findings.HARNESS, "healing " + d.get().describe() + " failed: " + e);
            }
            world.history().nemesis("heal", fault.name(), d.get().describe());
        }
    }

    /** Between half and one and a half times {@code d}, in milliseconds. */
    private long jitter(Duration d) {
        long ms = d.toMillis();
        return ms / 2 + (long) (random.nextDouble() * ms);
    }

    int injected() {
        return injected;
    }
}
