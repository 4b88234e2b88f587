package io.atoll.cluster.control.manage;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rebalancer as the API reports it. Immutable.
 *
 * @param source     what set {@code enabled}: the leader's {@code configuration}, or a {@code runtime} switch
 * @param waitingFor why it does not move anything now (null: settled, it moves what {@code plan} lists)
 * @param plan       the moves that would even out the replicas now, in order
 */
public record RebalanceStatus(boolean enabled, String source, boolean movePinned, String waitingFor,
                              List<String> plan, Map<Long, Integer> replicasPerPeer,
                              Map<Long, Integer> primariesPerPeer) {
    public RebalanceStatus {
        plan = List.copyOf(plan);
        replicasPerPeer = new TreeMap<>(replicasPerPeer);
        primariesPerPeer = new TreeMap<>(primariesPerPeer);
    }
}
