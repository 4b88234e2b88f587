package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.error.AtollException;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.ShardStatusRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Replica positions asked of their nodes, each at most once per controller round. Not thread-safe. */
final class PeerReplicaPositions implements ReplicaPositions {
    private static final Logger LOG = LoggerFactory.getLogger(PeerReplicaPositions.class);

    private record Key(String collection, int shard, long peer) {
    }

    private final PeerTransport transport;
    private final ClusterImage image;
    private final Map<Key, OptionalLong> asked = new HashMap<>();

    PeerReplicaPositions(PeerTransport transport, ClusterImage image) {
        this.transport = transport;
        this.image = image;
    }

    @Override
    public OptionalLong lastSeq(String collection, int shard, long peer) {
        return asked.computeIfAbsent(new Key(collection, shard, peer), k -> {
            PeerInfo p = image.peers().get(peer);
            if (p == null) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(transport.call(p.uri(), PeerRpcs.SHARD_STATUS, ShardStatusRequest.newBuilder()
                        .setCollection(collection).setShard(shard).build()).getLastSeq());
            } catch (PeerUnreachableException | AtollException e) {
                LOG.debug("replica on {} of {}/{} did not report: {}", peer, collection, shard, e.getMessage());
                return OptionalLong.empty();
            }
        });
    }
}
