package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Rejection;
import io.atoll.error.AtollException;
import io.atoll.schema.CollectionNames;
import io.atoll.schema.CollectionParams;
import io.atoll.transport.PeerTransport;
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

    private final long self;
    private final MetadataLog log;
    private final MetadataBarrier barrier;

    public CollectionController(long self, MetadataLog log, PeerTransport peers) {
        this.self = self;
        this.log = log;
        this.barrier = new MetadataBarrier(peers, Duration.ofSeconds(10));
    }

    /** Proposes a record and, once this node acted on it, waits for the other nodes to act on it too. */
    private ApplyResult propose(MetadataRecord record) {
        ApplyResult r = log.propose(record);
        barrier.await(r.image(), self, r.image().appliedIndex());
        return r;
    }

    /** Without an explicit shard_number a collection gets one shard per node, as in Qdrant. */
    public int defaultShardNumber() {
        return Math.max(1, log.image().peers().size());
    }

    public void create(String name, CollectionParams params) {
        CollectionNames.validate(name);
        ClusterImage image = log.image();
        if (image.collections().containsKey(name) || image.aliases().containsKey(name)) {
            throw alreadyExists(name);
        }
        // A collection sharded by key starts with no shards: each key brings its own.
        var placement = params.customSharding() ? new java.util.TreeMap<Integer, List<Long>>()
                : Placement.place(image, params.shardNumber(), params.replicationFactor());
        ApplyResult r = propose(new MetadataRecord.CreateCollection(name, UUID.randomUUID().toString(), params,
                placement));
        if (r.rejectedFor(Rejection.Reason.ALREADY_EXISTS)) {
            throw alreadyExists(name);
        }
        if (!r.applied()) {
            throw AtollException.badRequest("Bad request: " + r.rejection().message());
        }
    }

    private static AtollException alreadyExists(String name) {
        return AtollException.alreadyExists("Wrong input: Collection `" + name + "` already exists!");
    }

    /**
     * Drops a collection; false when there was none. Through the log even when this node does not see it: its
     * image may lag a create another node acknowledged, and only the log's order says whether the drop found it
     * (the fault-injection checker caught a drop answered "false" by a lagging node while the collection lived on).
     */
    public boolean delete(String name) {
        return propose(new MetadataRecord.DropCollection(name)).applied();
    }

    /**
     * Starts shard {@code shard} of {@code collection}, whose every replica was lost, again: empty, with its one
     * replica here as primary, so that a snapshot can be recovered into it. Refused while it has any replica.
     */
    public void recreateLostShard(String collection, int shard) {
        ApplyResult r = propose(new MetadataRecord.RecreateShard(collection, shard, self));
        if (r.rejectedFor(Rejection.Reason.NOT_FOUND)) {
            throw AtollException.notFound(r.rejection().message());
        }
        if (!r.applied()) {
            throw AtollException.badRequest("Bad request: " + r.rejection().message());
        }
    }

    /** Replaces a collection's params with {@code change} applied to them. */
    public void updateParams(String nameOrAlias, UnaryOperator<CollectionParams> change) {
        for (int attempt = 1; ; attempt++) {
            ClusterImage image = log.image();
            String name = image.collections().containsKey(nameOrAlias) ? nameOrAlias : image.aliases().get(nameOrAlias);
            CollectionMeta c = name == null ? null : image.collections().get(name);
            if (c == null) {
                throw AtollException.notFound("Collection `" + nameOrAlias + "` doesn't exist!");
            }
            ApplyResult r = propose(new MetadataRecord.UpdateCollectionParams(name, c.params(), change.apply(c.params())));
            if (r.applied()) {
                return;
            }
            if (r.rejectedFor(Rejection.Reason.NOT_FOUND)) {
                throw AtollException.notFound("Collection `" + nameOrAlias + "` doesn't exist!");
            }
            if (!r.rejectedFor(Rejection.Reason.PARAMS_CHANGED)) {
                throw AtollException.badRequest("Bad request: " + r.rejection().message());
            }
            // Another change committed first, and this node has applied it (propose returns after the apply):
            // make this change again on top of it.
            if (attempt == MAX_ATTEMPTS) {
                throw AtollException.unavailable("the parameters of collection `" + name + "` kept changing while "
                        + "this change was made; try again");
            }
        }
    }

    /** Creates or replaces the payload index on {@code field}. */
    public void createPayloadIndex(String nameOrAlias, String field, CollectionParams.PayloadIndexParams index) {
        updateParams(nameOrAlias, p -> p.withPayloadIndex(field, index));
    }

    /** Drops the payload index on {@code field}; not found when there is none. */
    public void deletePayloadIndex(String nameOrAlias, String field) {
        updateParams(nameOrAlias, p -> {
            if (!p.payloadSchema().containsKey(field)) {
                throw AtollException.notFound("Payload index for field `" + field + "` doesn't exist");
            }
            return p.withoutPayloadIndex(field);
        });
    }

    /** Applies alias actions all or nothing, checked in order against the aliases they leave. */
    public void updateAliases(List<AliasAction> actions) {
        ClusterImage image = log.image();
        TreeMap<String, String> aliases = new TreeMap<>(image.aliases());
        List<MetadataRecord> records = new ArrayList<>();
        for (AliasAction a : actions) {
            switch (a) {
                case AliasAction.Create cr -> {
                    if (!image.collections().containsKey(cr.collection())) {
                        throw AtollException.notFound("Collection `" + cr.collection() + "` doesn't exist!");
                    }
                    CollectionNames.validate(cr.alias());
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
                    CollectionNames.validate(r.newAlias());
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
        if (r.rejectedFor(Rejection.Reason.NOT_FOUND)) {
            throw AtollException.notFound(r.rejection().message());
        }
        if (!r.applied()) {
            throw AtollException.conflict("Wrong input: " + r.rejection().message());
        }
    }
}
