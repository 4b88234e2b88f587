package io.atoll.collection;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.ShardSettings;
import io.atoll.transport.PeerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

/**
 * A cluster of this JVM alone, for tests that drive a {@link Collection} in-process: the metadata is applied with
 * the real {@link MetadataApply}, without Raft. There are no other peers, so nothing is ever sent or proposed.
 */
final class SingleNodeCluster implements ClusterContext {
    private static final long SELF = 1;
    private final ClusterImage image;

    private SingleNodeCluster(ClusterImage image) {
        this.image = image;
    }

    static Collection open(String name, CollectionParams params, Path dir, ShardSettings settings,
                           ExecutorService pool) throws IOException {
        ClusterImage image = MetadataApply.apply(ClusterImage.EMPTY, new MetadataRecord.AddPeer(SELF, "http://127.0.0.1:1"), 1).image();
        Map<Integer, List<Long>> placement = new TreeMap<>();
        for (int s = 0; s < params.shardNumber(); s++) {
            placement.put(s, List.of(SELF));
        }
        image = MetadataApply.apply(image, new MetadataRecord.CreateCollection(name, "test", params, placement), 2).image();
        return Collection.open(image.collections().get(name), dir, settings, pool, new SingleNodeCluster(image));
    }

    @Override
    public long self() {
        return SELF;
    }

    @Override
    public ClusterImage image() {
        return image;
    }

    @Override
    public boolean awaitMetadata(long index, Duration timeout) {
        return image.appliedIndex() >= index;
    }

    @Override
    public void syncMetadata() {
        // The metadata is fixed: there is nothing newer to wait for.
    }

    @Override
    public ApplyResult propose(MetadataRecord record) {
        throw new UnsupportedOperationException("a single in-process node proposes nothing");
    }

    @Override
    public PeerClient peers() {
        throw new UnsupportedOperationException("a single in-process node has no peers");
    }

    @Override
    public Duration replicationTimeout() {
        return Duration.ofSeconds(2);
    }
}
