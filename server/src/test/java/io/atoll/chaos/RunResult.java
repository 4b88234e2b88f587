package io.atoll.chaos;

import io.atoll.chaos.check.Findings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one chaos run did and found; {@code kept} is where its history, logs and data are when it failed, and
 * {@code phases} how long each phase took.
 */
public record RunResult(String scenario, long seed, int faults, long operations, Map<String, Long> findings,
                        List<String> examples, Path kept, String replay, String phases) {

    public boolean passed() {
        return findings.isEmpty();
    }

    public long count(String kind) {
        return findings.getOrDefault(kind, 0L);
    }

    static RunResult of(ChaosWorld world, int faults, long operations, Findings f, Path kept, String replay,
                        String phases) {
        return new RunResult(world.scenario().name(), world.seed(), faults, operations, f.counts(), f.examples(),
                kept, replay, phases);
    }
}
