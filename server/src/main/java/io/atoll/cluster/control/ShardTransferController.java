package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Rejection;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.error.AtollException;
import java.util.function.LongSupplier;

/**
 * Qdrant's shard operations on a collection (move, replicate, abort, restart, drop a replica) as the API asks for
 * them: each is one record, checked by the metadata's own guards when it commits, so a refused call changes
 * nothing and says why in Qdrant's words. The transfers themselves run on the shards' primaries.
 */
public final class ShardTransferController {
    private final MetadataLog log;
    private final LongSupplier wallClockMillis;

    public ShardTransferController(MetadataLog log, LongSupplier wallClockMillis) {
        this.log = log;
        this.wallClockMillis = wallClockMillis;
    }

    private CollectionMeta collection(String name) {
        CollectionMeta c = log.image().collections().get(name);
        if (c == null) {
            throw AtollException.notFound("Collection `" + name + "` doesn't exist!");
        }
        return c;
    }

    private static AtollException refused(ApplyResult r) {
        return AtollException.badRequest("Bad request: " + r.rejection().message());
    }

    /** A move (the source replica is removed at the end) or a copy of a shard's replica to another peer. */
    public void start(String collection, int shard, long from, long to, TransferMethod method, boolean move) {
        collection(collection);
        if (from == to) {
            throw AtollException.badRequest("Validation error in JSON body: [" + (move ? "move_shard" : "replicate_shard")
                    + ".to_peer_id: cannot move shard to itself]");
        }
        ApplyResult r = log.propose(new MetadataRecord.StartTransfer(collection, shard, from, to, method, move, false,
                wallClockMillis.getAsLong()));
        if (!r.applied()) {
            throw refused(r);
        }
    }

    /** The transfer of a shard from one peer to another, or a 404 in Qdrant's words. */
    private ShardTransfer transfer(String collection, int shard, long from, long to) {
        ShardInfo s = collection(collection).shard(shard);
        ShardTransfer t = s == null ? null : s.transferTo(to);
        if (t == null || t.from() != from) {
            throw AtollException.notFound("There is no transfer for shard " + shard + " from " + from + " to " + to);
        }
        return t;
    }

    public void abort(String collection, int shard, long from, long to) {
        ShardTransfer t = transfer(collection, shard, from, to);
        ApplyResult r = log.propose(new MetadataRecord.AbortTransfer(collection, shard, to, t.toIncarnation(),
                "aborted by request", wallClockMillis.getAsLong()));
        if (r.rejectedFor(Rejection.Reason.NOT_FOUND)) {
            throw AtollException.notFound("There is no transfer for shard " + shard + " from " + from + " to " + to);
        }
        if (!r.applied()) {
            throw refused(r);
        }
    }

    /** Starts a running transfer again by {@code method}, from the start. */
    public void restart(String collection, int shard, long from, long to, TransferMethod method) {
        ShardTransfer t = transfer(collection, shard, from, to);
        ApplyResult r = log.propose(new MetadataRecord.RestartTransfer(collection, shard, to, t.toIncarnation(),
                method));
        if (!r.applied()) {
            throw refused(r);
        }
    }

    /** Removes a replica; refused for the last in-sync one. */
    public void dropReplica(String collection, int shard, long peer) {
        CollectionMeta c = collection(collection);
        if (c.shard(shard) == null) {
            throw AtollException.badRequest("Bad request: Shard " + shard + " of " + collection + " does not exist");
        }
        if (!log.image().peers().containsKey(peer)) {
            throw AtollException.badRequest("Bad request: Peer " + peer + " does not exist");
        }
        ApplyResult r = log.propose(new MetadataRecord.RemoveReplica(collection, shard, peer));
        if (!r.applied()) {
            throw refused(r);
        }
    }
}
