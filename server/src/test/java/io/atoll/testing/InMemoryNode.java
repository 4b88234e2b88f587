package io.atoll.testing;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.cluster.meta.Rejection;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.CoordinatorContext;
import io.atoll.collection.LocalReads;
import io.atoll.node.ActedImage;
import io.atoll.node.Reconciler;
import io.atoll.node.ReplicaOpener;
import io.atoll.replication.LocalReplicas;
import io.atoll.replication.ReplicaFailures;
import io.atoll.replication.ReplicationContext;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.ShardSettings;
import io.atoll.transfer.TransferDrivers;
import io.atoll.transfer.TransferRecords;
import io.atoll.transfer.TransferCounters;
import io.atoll.transfer.TransferServices;
import io.atoll.transfer.TransferSettings;
import io.atoll.replication.TransferThrottle;
import io.atoll.transport.PeerRpc;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A node of one in this JVM, for tests that drive collections and the reconciler without Raft or processes: the
 * real reconciler, replicas and coordinators, with the metadata applied by the real {@link MetadataApply} to an
 * image held here. It has no peers, so nothing is ever sent.
 */
public final class InMemoryNode implements AutoCloseable {
    public static final long SELF = 1;
    private static final Duration ACT_TIMEOUT = Duration.ofSeconds(60);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ActedImage acted = new ActedImage();
    private final LocalReplicas replicas = new LocalReplicas(SELF);
    private final CollectionRegistry registry;
    private final NodeMetadata metadata;
    private final Reconciler reconciler;
    private final TransferDrivers transfers;
    private ClusterImage image = ClusterImage.EMPTY;

    public InMemoryNode(Path storage, ShardSettings settings) {
        this(storage, settings, null, null);
    }

    /** A node whose replicas are opened by {@code opener} (to make opening slow, or fail). */
    public InMemoryNode(Path storage, ReplicaOpener opener) {
        this(storage, null, opener, null);
    }

    /** A node that starts from {@code image} (as a restarted node recovers its metadata). */
    public InMemoryNode(Path storage, ShardSettings settings, ClusterImage start) {
        this(storage, settings, null, start);
    }

    private InMemoryNode(Path storage, ShardSettings settings, ReplicaOpener opener, ClusterImage start) {
        metadata = new NodeMetadata() {
            @Override
            public ClusterImage image() {
                return acted.image();
            }

            @Override
            public boolean awaitActed(long index, Duration timeout) {
                return acted.await(index, timeout);
            }

            @Override
            public void sync() {
                // The metadata lives here: there is nothing newer elsewhere.
            }
        };
        PeerTransport nobody = new PeerTransport() {
            @Override
            public <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> R call(
                    String peer, PeerRpc<?, Q, R> rpc, Q request, Duration timeout) {
                throw new PeerUnreachableException("a node of one has no peer " + peer, false, null);
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(2);
            }
        };
        ReplicaFailures failures = (collection, shard, peer, incarnation, term) -> {
            ApplyResult r = apply(new MetadataRecord.MarkReplicaDead(collection, shard, peer, incarnation, term));
            return r.applied() ? ReplicaFailures.Outcome.MARKED : r.rejectedFor(Rejection.Reason.NOT_FOUND)
                    ? ReplicaFailures.Outcome.GONE : ReplicaFailures.Outcome.DEPOSED;
        };
        registry = new CollectionRegistry(new CoordinatorContext(SELF, replicas, nobody, metadata, nobody.timeout()),
                new LocalReads(SELF, replicas, metadata));
        reconciler = new Reconciler(SELF, storage, opener != null ? opener : ReplicaOpener.of(settings, pool), replicas,
                new ReplicationContext(SELF, nobody, nobody.timeout(), metadata, failures), registry,
                transfers = new TransferDrivers(SELF, replicas, new TransferServices(new TransferRecords() {
                    @Override
                    public ApplyResult propose(MetadataRecord record) {
                        return apply(record);
                    }

                    @Override
                    public ClusterImage image() {
                        return acted.image();
                    }
                }, new TransferThrottle(0), TransferSettings.DEFAULT, nobody,
                        new TransferCounters())), acted);
        if (start == null) {
            apply(new MetadataRecord.AddPeer(SELF, "http://127.0.0.1:1"));
        } else {
            follow(start);
        }
    }

    /** Applies a record at the next index and returns once the node has acted on it. */
    public synchronized ApplyResult apply(MetadataRecord record) {
        ApplyResult r = MetadataApply.apply(image, record, image.appliedIndex() + 1);
        image = r.image();
        reconciler.offer(image);
        if (!reconciler.awaitActed(image.appliedIndex(), ACT_TIMEOUT)) {
            throw new IllegalStateException("the node did not act on index " + image.appliedIndex());
        }
        return r;
    }

    /**
     * Hands the node an image as Raft would after a restart or a snapshot install (one it did not see being built
     * record by record), and returns once the node has acted on it.
     */
    public synchronized void follow(ClusterImage next) {
        image = next;
        reconciler.offer(next);
        if (!reconciler.awaitActed(next.appliedIndex(), ACT_TIMEOUT)) {
            throw new IllegalStateException("the node did not act on index " + next.appliedIndex());
        }
    }

    /** Creates a collection with every replica on this node. */
    public Collection create(String name, CollectionParams params) {
        Map<Integer, List<Long>> placement = new TreeMap<>();
        for (int s = 0; s < params.shardNumber(); s++) {
            placement.put(s, List.of(SELF));
        }
        ApplyResult r = apply(new MetadataRecord.CreateCollection(name, "uuid-" + name, params, placement));
        if (!r.applied()) {
            throw new IllegalStateException(r.rejection().toString());
        }
        return registry.get(name);
    }

    public synchronized ClusterImage image() {
        return image;
    }

    public LocalReplicas replicas() {
        return replicas;
    }

    public CollectionRegistry registry() {
        return registry;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** The node's view of the metadata, as its services use it. */
    public NodeMetadata metadata() {
        return metadata;
    }

    @Override
    public void close() {
        reconciler.close();
        transfers.close();
        replicas.close();
        pool.shutdownNow();
    }
}
