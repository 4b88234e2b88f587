package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.collection.AliasAction;
import io.atoll.collection.CollectionRegistry;
import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;
import io.atoll.transport.PeerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Collection and alias changes as the API asks for them: validated against the current metadata, decided here
 * (placement, uuid), proposed through Raft, and returned once applied on this node. A record whose guard fails
 * when it is applied (another change got there first) is reported like the same mistake caught up front.
 */
public final class CollectionController {
    /** How often a params change is made again after others committed first. */
    private static final int MAX_ATTEMPTS = 20;

    private final RaftNode raft;
    private final MetadataBarrier barrier;

    public CollectionController(RaftNode raft, PeerClient peers) {
        this.raft = raft;
        this.barrier = new MetadataBarrier(peers, Duration.ofSeconds(10));
    }

    /** Proposes a record and, once applied, waits for the other nodes to apply it too. */
    private ApplyResult propose(MetadataRecord record) {
        ApplyResult r = raft.propose(record);
        barrier.await(r.image(), raft.peerId(), r.image().appliedIndex());
        return r;
    }

    /** Without an explicit shard_number a collection gets one shard per node, as in Qdrant. */
    public int defaultShardNumber() {
        return Math.max(1, raft.image().peers().size());
    }

    public void create(String name, CollectionParams params) {
        CollectionRegistry.validateName(name);
        ClusterImage image = raft.image();
        if (image.collections().containsKey(name) || image.aliases().containsKey(name)) {
            throw alreadyExists(name);
        }
        var placement = Placement.place(image, params.shardNumber(), params.replicationFactor());
        ApplyResult r = propose(new MetadataRecord.CreateCollection(name, UUID.randomUUID().toString(), params,
                placement));
        if (!r.applied()) {
            throw r.image().collections().containsKey(name) || r.image().aliases().containsKey(name)
                    ? alreadyExists(name) : AtollException.badRequest("Bad request: " + r.rejection());
        }
    }

    private static AtollException alreadyExists(String name) {
        return AtollException.conflict("Wrong input: Collection `" + name + "` already exists!");
    }

    /** Drops a collection; false when there was none. */
    public boolean delete(String name) {
        if (!raft.image().collections().containsKey(name)) {
            return false;
        }
        return propose(new MetadataRecord.DropCollection(name)).applied();
    }

    /** Replaces a collection's params with {@code change} applied to them. */
    public void updateParams(String nameOrAlias, UnaryOperator<CollectionParams> change) {
        for (int attempt = 1; ; attempt++) {
            ClusterImage image = raft.image();
            String name = image.collections().containsKey(nameOrAlias) ? nameOrAlias : image.aliases().get(nameOrAlias);
            CollectionMeta c = name == null ? null : image.collections().get(name);
            if (c == null) {
                throw AtollException.notFound("Collection `" + nameOrAlias + "` doesn't exist!");
            }
            ApplyResult r = propose(new MetadataRecord.UpdateCollectionParams(name, c.params(), change.apply(c.params())));
            if (r.applied()) {
                return;
            }
            if (!MetadataApply.PARAMS_CHANGED.equals(r.rejection())) {
                throw AtollException.notFound("Collection `" + nameOrAlias + "` doesn't exist!");
            }
            // Another change committed first, and this node has applied it (propose returns after the apply):
            // make this change again on top of it.
            if (attempt == MAX_ATTEMPTS) {
                throw AtollException.unavailable("the parameters of collection `" + name + "` kept changing while "
                        + "this change was made; try again");
            }
        }
    }

    /** Applies alias actions all or nothing, checked in order against the aliases they leave. */
    public void updateAliases(List<AliasAction> actions) {
        ClusterImage image = raft.image();
        TreeMap<String, String> aliases = new TreeMap<>(image.aliases());
        List<MetadataRecord> records = new ArrayList<>();
        for (AliasAction a : actions) {
            switch (a) {
                case AliasAction.Create cr -> {
                    if (!image.collections().containsKey(cr.collection())) {
                        throw AtollException.notFound("Collection `" + cr.collection() + "` doesn't exist!");
                    }
                    CollectionRegistry.validateName(cr.alias());
                    if (image.collections().containsKey(cr.alias())) {
                        throw alreadyExists(cr.alias());
                    }
                    aliases.put(cr.alias(), cr.collection());
                    records.add(new MetadataRecord.CreateAlias(cr.alias(), cr.collection()));
                }
                case AliasAction.Delete d -> {
                    if (aliases.remove(d.alias()) == null) {
                        throw AtollException.notFound("Alias `" + d.alias() + "` doesn't exist!");
                    }
                    records.add(new MetadataRecord.DeleteAlias(d.alias()));
                }
                case AliasAction.Rename r -> {
                    String target = aliases.remove(r.oldAlias());
                    if (target == null) {
                        throw AtollException.notFound("Alias `" + r.oldAlias() + "` doesn't exist!");
                    }
                    CollectionRegistry.validateName(r.newAlias());
                    if (image.collections().containsKey(r.newAlias())) {
                        throw alreadyExists(r.newAlias());
                    }
                    aliases.put(r.newAlias(), target);
                    records.add(new MetadataRecord.DeleteAlias(r.oldAlias()));
                    records.add(new MetadataRecord.CreateAlias(r.newAlias(), target));
                }
            }
        }
        if (records.isEmpty()) {
            return;
        }
        ApplyResult r = propose(new MetadataRecord.Batch(records));
        if (!r.applied()) {
            throw AtollException.conflict("Wrong input: " + r.rejection());
        }
    }
}
