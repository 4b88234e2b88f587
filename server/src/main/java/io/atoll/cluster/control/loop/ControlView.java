package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.ClusterImage;
import java.util.Map;
import java.util.Set;

/**
 * What deciders see in one round of the controller loop: the image, the peers the leader has not heard from for
 * the dead-after period, those among them it has not heard from for the replace-dead-after period ({@code lost}:
 * their replicas are re-created elsewhere), the metadata index each peer last said it has acted on, the free
 * storage space each reported (absent or 0: unknown), and the replicas' log positions (asked of their nodes only
 * when a decider needs them).
 */
public record ControlView(ClusterImage image, Set<Long> down, Set<Long> lost, Map<Long, Long> acted,
                          Map<Long, Long> diskFree, ReplicaPositions positions) {
    public ControlView {
        down = Set.copyOf(down);
        lost = Set.copyOf(lost);
        acted = Map.copyOf(acted);
        diskFree = Map.copyOf(diskFree);
    }

    public ControlView(ClusterImage image, Set<Long> down, Set<Long> lost, Map<Long, Long> acted,
                       ReplicaPositions positions) {
        this(image, down, lost, acted, Map.of(), positions);
    }

    public ControlView(ClusterImage image, Set<Long> down, Map<Long, Long> acted, ReplicaPositions positions) {
        this(image, down, Set.of(), acted, positions);
    }

    public ControlView(ClusterImage image, Set<Long> down, ReplicaPositions positions) {
        this(image, down, Set.of(), Map.of(), positions);
    }

    /** The same observations over a newer image (what the deciders before in a round committed). */
    public ControlView withImage(ClusterImage newer) {
        return new ControlView(newer, down, lost, acted, diskFree, positions);
    }

    /** Whether every peer that is not down has acted on the metadata up to {@code index}. */
    public boolean allLiveActedOn(long index) {
        return image.peers().keySet().stream().filter(p -> !down.contains(p))
                .allMatch(p -> acted.getOrDefault(p, 0L) >= index);
    }
}
