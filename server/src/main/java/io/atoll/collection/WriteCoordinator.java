package io.atoll.collection;

import com.google.protobuf.ByteString;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.codec.WireCodec;
import io.atoll.error.AtollException;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.RoutedUpdate;
import io.atoll.point.PointId;
import io.atoll.point.ShardKey;
import io.atoll.replication.LocalReplica;
import io.atoll.routing.ShardSelector;
import io.atoll.replication.WriteConsistency;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.ForwardRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The write coordinator of one collection on this node (any node accepts any write): checks an update in full,
 * splits it by shard, and sends each part to its shard's primary, applied here when this node leads the shard
 * and forwarded otherwise. It follows a primary that moves. Thread-safe.
 */
final class WriteCoordinator {
    private final Supplier<CollectionView> view;
    private final CoordinatorContext context;
    private final ReadCoordinator reads;
    private final AtomicLong operations = new AtomicLong();

    WriteCoordinator(Supplier<CollectionView> view, CoordinatorContext context, ReadCoordinator reads) {
        this.view = view;
        this.context = context;
        this.reads = reads;
    }

    /** Applies an update and returns its operation id. Input is checked in full before any shard is written. */
    long update(RoutedUpdate update, boolean wait) {
        UpdatePreparation.Prepared p = UpdatePreparation.prepare(view.get().params(), update);
        requireExistingThroughout(List.of(p));
        return execute(p, wait);
    }

    /**
     * Applies updates in order (POST /points/batch). Every update's input is checked before the first one is
     * applied, and so is the existence of the points each update modifies, following the batch: an earlier upsert
     * creates points, an earlier delete by id removes them. A batch that would fail part-way is refused whole.
     */
    List<Long> updateAll(List<RoutedUpdate> updates, boolean wait) {
        List<UpdatePreparation.Prepared> prepared = updates.stream()
                .map(u -> UpdatePreparation.prepare(view.get().params(), u)).toList();
        for (UpdatePreparation.Prepared p : prepared) {
            ShardKeyResolution.forWrite(view.get(), p.shards());
        }
        requireExistingThroughout(prepared);
        List<Long> ids = new ArrayList<>();
        for (UpdatePreparation.Prepared p : prepared) {
            ids.add(execute(p, wait));
        }
        return ids;
    }

    private long execute(UpdatePreparation.Prepared p, boolean wait) {
        CollectionView v = view.get();
        List<ShardKey> keys = ShardKeyResolution.forWrite(v, p.shards());
        Map<Integer, PointsUpdate> parts = UpdatePreparation.split(v, keys, p.update());
        // Every shard the update touches must be able to take it before any of them does.
        parts.keySet().forEach(shard -> WriteConsistency.require(v.name(), v.shard(shard), v.params()));
        Routing routing = new Routing(p.shards(), keys, v.index());
        parts.forEach((shard, part) -> writeRouted(routing, shard, part, wait, 0));
        return operations.incrementAndGet();
    }

    /**
     * The keys a write named, those they resolved to when it was split, and the index of the image that split it
     * (a primary refuses a part routed before its collection's routing fence).
     */
    private record Routing(ShardSelector selector, List<ShardKey> resolved, long index) {
        /**
         * Where a part refused by {@code shard} goes now: the keys the selector resolves to under {@code v} that
         * are that shard's own key (its newer ring: a resharding moved its points) or that it did not resolve to
         * before (a promotion's writers switched from the fallback key to the target).
         */
        List<ShardKey> after(CollectionView v, int shard) {
            ShardKey own = v.meta().keyOf(shard);
            return ShardKeyResolution.forWrite(v, selector).stream()
                    .filter(k -> java.util.Objects.equals(k, own) || !resolved.contains(k)).toList();
        }
    }

    /**
     * Writes one shard's part; when that shard no longer (or not yet) takes writes for its points, because a
     * resharding moved its write ring on, splits the part again by newer metadata and writes the pieces. Writing a
     * piece again where it may already be applied is harmless: every shard operation sets values, so applying it
     * twice in a row leaves what applying it once does.
     */
    private void writeRouted(Routing routing, int shard, PointsUpdate part, boolean wait, int attempt) {
        try {
            writeShard(shard, part, wait, routing.index());
        } catch (AtollException e) {
            if (!e.is(AtollException.Kind.WRONG_SHARD) || attempt >= MAX_RESPLITS) {
                throw e;
            }
            CollectionView before = view.get();
            context.metadata().awaitActed(before.index() + 1, Duration.ofMillis(500));
            CollectionView after = view.get();
            Routing again = new Routing(routing.selector(), routing.after(after, shard), after.index());
            UpdatePreparation.split(after, again.resolved(), part)
                    .forEach((s, piece) -> writeRouted(again, s, piece, wait, attempt + 1));
        }
    }

    /**
     * Sends one shard's part to its primary, following the primary when it moves: a peer that cannot be reached, or
     * that is no longer the primary, is tried again once newer metadata arrived. Returns the seq the part got.
     */
    private static final int MAX_RESPLITS = 5;

    private long writeShard(int shard, PointsUpdate part, boolean wait, long routedAt) {
        long deadline = System.nanoTime() + context.timeout().multipliedBy(3).toNanos();
        while (true) {
            CollectionView v = view.get();
            ShardInfo info = v.shard(shard);
            try {
                if (info.primary() == 0) {
                    throw AtollException.unavailable("shard " + shard + " of collection `" + v.name()
                            + "` has no active replica to write to");
                }
                if (info.primary() == context.self()) {
                    return localPrimary(v.name(), shard).writeAsPrimary(part, wait, routedAt);
                }
                return context.transport().call(v.peerUri(info.primary()), PeerRpcs.FORWARD, ForwardRequest.newBuilder()
                        .setCollection(v.name()).setShard(shard)
                        .setUpdate(ByteString.copyFrom(WireCodec.encode(part, PointsUpdate.class)))
                        .setWait(wait).setMetadataIndex(v.index()).setRoutedAt(routedAt).build()).getSeq();
            } catch (PeerUnreachableException | AtollException e) {
                if (e instanceof PeerUnreachableException u && u.timedOut()) {
                    // The primary may still apply it: sending it again could apply it twice, the second time
                    // over a newer write of another client.
                    throw AtollException.unavailable("the primary of shard " + shard + " of collection `" + v.name()
                            + "` did not answer in time; the write may or may not have been applied: " + e.getMessage());
                }
                boolean retry = e instanceof PeerUnreachableException
                        || e instanceof AtollException a && a.is(AtollException.Kind.NOT_PRIMARY);
                if (!retry) {
                    throw e;
                }
                ClusterImage now = context.metadata().image();
                CollectionMeta current = now.collections().get(v.name());
                if (current == null || !current.uuid().equals(v.meta().uuid())) {
                    // dropped (perhaps created again) meanwhile: its view will not move again, and a write
                    // routed by it must not land in a collection of the same name created since
                    throw AtollException.notFound("Collection `" + v.name() + "` doesn't exist!");
                }
                if (System.nanoTime() > deadline) {
                    throw AtollException.unavailable("shard " + shard + " of collection `" + v.name()
                            + "` has no reachable primary: " + e.getMessage());
                }
                // The primary moved or is being replaced: try again at once with a newer view, else wait for metadata
                // newer than the node has acted on (not just than the view: the node may be past it already, and
                // the wait would return at once, again and again).
                if (view.get() == v) {
                    context.metadata().awaitActed(Math.max(v.index(), now.appliedIndex()) + 1, Duration.ofMillis(500));
                }
            }
        }
    }

    /**
     * This node's replica of a shard this node's view says it leads. The view is published after this node's
     * replicas followed it, so a replica missing without having failed to open was just closed by a newer view
     * that is not published yet (a move took the shard away): that is a primary change, tried again like one.
     */
    private LocalReplica localPrimary(String collection, int shard) {
        LocalReplica r = context.replicas().get(collection, shard);
        if (r == null && !context.replicas().failedToOpen(collection, shard)) {
            throw AtollException.notPrimary("the replica of shard " + shard + " of collection `" + collection
                    + "` on this peer was just closed");
        }
        return r != null ? r : context.replicas().require(collection, shard);
    }

    /**
     * Replays the batch's effect on which points exist, from the current state. A delete by filter cannot be
     * foreseen without resolving it, so updates after one are checked only when their turn comes (as they always
     * are again, since another request may delete a point between this check and the write).
     */
    private void requireExistingThroughout(List<UpdatePreparation.Prepared> prepared) {
        // Keyed by the selector too: under shard keys the same id names a point of its own in each key.
        Map<Map.Entry<ShardSelector, PointId>, Boolean> exists = new HashMap<>();
        for (UpdatePreparation.Prepared p : prepared) {
            ShardSelector keys = p.shards();
            List<PointId> unknown = p.mustExist().stream().filter(id -> !exists.containsKey(Map.entry(keys, id)))
                    .toList();
            Set<PointId> found = unknown.isEmpty() ? Set.of()
                    : reads.existing(unknown, ShardKeyResolution.forWrite(view.get(), keys));
            unknown.forEach(id -> exists.put(Map.entry(keys, id), found.contains(id)));
            for (PointId id : p.mustExist()) {
                if (!exists.get(Map.entry(keys, id))) {
                    throw AtollException.notFound("No point with id " + id + " found");
                }
            }
            switch (p.update()) {
                // an update-only upsert creates nothing: what exists afterwards is what existed
                case PointsUpdate.Upsert u -> {
                    if (u.mode() != io.atoll.operation.UpdateMode.UPDATE_ONLY) {
                        u.points().forEach(pt -> exists.put(Map.entry(keys, pt.id()), true));
                    }
                }
                case PointsUpdate.Delete d -> {
                    if (d.selector().ids() == null) {
                        return;
                    }
                    d.selector().ids().forEach(id -> exists.put(Map.entry(keys, id), false));
                }
                case PointsUpdate.SetPayload s -> { }
                case PointsUpdate.OverwritePayload o -> { }
                case PointsUpdate.DeletePayload d -> { }
                case PointsUpdate.ClearPayload c -> { }
                case PointsUpdate.UpdateVectors u -> { }
                case PointsUpdate.DeleteVectors d -> { }
            }
        }
    }
}
