package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.ClusterImage;
import java.util.Set;

/**
 * What deciders see in one round of the controller loop: the image, the peers the leader has not heard from for
 * the dead-after period, and the replicas' log positions (asked of their nodes only when a decider needs them).
 */
public record ControlView(ClusterImage image, Set<Long> down, ReplicaPositions positions) {
    public ControlView {
        down = Set.copyOf(down);
    }
}
