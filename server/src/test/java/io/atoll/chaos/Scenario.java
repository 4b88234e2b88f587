package io.atoll.chaos;

import io.atoll.chaos.fault.Fault;
import io.atoll.chaos.fault.NodeFeature;
import io.atoll.chaos.workload.Workload;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One kind of chaos run: how many nodes start (and how many may exist once nodes join), which faults the nemesis
 * draws from, which workloads run, and the pace: a warm-up without faults, then a fault every {@code faultGap} on
 * average, each held for about {@code faultHold}.
 */
public record Scenario(String name, int nodes, int maxNodes, List<Fault> faults, Supplier<List<Workload>> workloads,
                       Duration warmUp, Duration faultGap, Duration faultHold) {

    /** What every node must be started with for the faults to reach it. */
    public Set<NodeFeature> nodeFeatures() {
        Set<NodeFeature> out = EnumSet.noneOf(NodeFeature.class);
        faults.forEach(f -> out.addAll(f.needs()));
        return out;
    }
}
