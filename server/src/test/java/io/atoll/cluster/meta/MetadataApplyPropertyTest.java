package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * L0: random record sequences (valid and stale ones) applied to the image; the invariants hold after every
 * record, and snapshot, restore, apply the rest equals apply all. The seed is in the test name.
 */
class MetadataApplyPropertyTest {
    private static final long[] PEERS = {11, 22, 33, 44, 55};
    private static final String[] COLLECTIONS = {"a", "b", "c"};
    private static final int STEPS = 400;

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void invariantsHoldAndSnapshotsRestoreExactly(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<MetadataRecord> records = new ArrayList<>();
        ClusterImage image = ClusterImage.EMPTY;
        Map<String, Long> terms = new HashMap<>();
        int applied = 0;
        int illegal = 0;
        for (int i = 1; i <= STEPS; i++) {
            MetadataRecord r = randomRecord(rnd, image);
            records.add(r);
            ClusterImage before = image;
            ApplyResult result = MetadataApply.apply(image, r, i);
            image = result.image();
            applied += result.applied() ? 1 : 0;
            illegal += result.rejectedFor(Rejection.Reason.ILLEGAL_TRANSITION) ? 1 : 0;
            assertEquals(i, image.appliedIndex());
            if (!result.applied()) {
                assertEquals(before.at(i), image, "a rejected record changes nothing: " + r);
            }
            checkInvariants(before, image, r, terms, "seed " + seed + " step " + i + " " + r);
            checkOperations(before, image, r, "seed " + seed + " step " + i + " " + r);
        }
        assertTrue(applied > STEPS / 5, "the generator should produce mostly applicable records, applied " + applied);
        assertTrue(illegal > 0, "the generator should try illegal replica transitions too");

        int cut = 1 + rnd.nextInt(STEPS - 1);
        ClusterImage prefix = ClusterImage.EMPTY;
        for (int i = 0; i < cut; i++) {
            prefix = MetadataApply.apply(prefix, records.get(i), i + 1).image();
        }
        ClusterImage restored = MetadataCodec.decodeImage(MetadataCodec.encode(prefix));
        assertEquals(prefix, restored, "seed " + seed + ": the snapshot round trip");
        for (int i = cut; i < STEPS; i++) {
            MetadataRecord decoded = MetadataCodec.decodeRecord(MetadataCodec.encode(records.get(i)));
            restored = MetadataApply.apply(restored, decoded, i + 1).image();
        }
        assertEquals(image, restored, "seed " + seed + ": restore at " + cut + " then apply the rest");
    }

    private static void checkInvariants(ClusterImage before, ClusterImage after, MetadataRecord r,
                                         Map<String, Long> terms, String where) {
        int orphanedBefore = orphaned(before);
        int orphanedAfter = orphaned(after);
        if (orphanedAfter > orphanedBefore) {
            assertTrue(r instanceof MetadataRecord.RemovePeer rp && rp.force(),
                    where + ": only a forced peer removal may take a shard's last in-sync replica");
        }
        for (CollectionMeta c : after.collections().values()) {
            CollectionMeta prior = before.collections().get(c.name());
            boolean sameCollection = prior != null && prior.uuid().equals(c.uuid());
            for (ShardInfo s : c.shards().values()) {
                for (long peer : s.replicas().keySet()) {
                    assertTrue(after.peers().containsKey(peer), where + ": replica on unknown peer " + peer);
                    checkReplica(sameCollection ? prior.shard(s.id()) : null, s, peer, after.appliedIndex(), r, where);
                }
                boolean anyInSync = s.replicas().values().stream().anyMatch(x -> x.state().isInSync());
                assertEquals(anyInSync, s.primary() != 0, where + ": a shard has a primary exactly when it has an in-sync replica");
                String key = c.name() + "/" + s.id();
                Long old = terms.get(key);
                boolean sameIncarnation = before.collections().containsKey(c.name());
                if (old != null && sameIncarnation) {
                    assertTrue(s.term() >= old, where + ": term of " + key + " went from " + old + " to " + s.term());
                }
                terms.put(key, s.term());
            }
        }
        for (Map.Entry<String, String> a : after.aliases().entrySet()) {
            assertTrue(after.collections().containsKey(a.getValue()), where + ": alias " + a.getKey() + " dangles");
        }
    }

    /**
     * A new replica's incarnation is the index of the record that created it; a replica keeps its incarnation
     * unless a transfer replaces it with a new one; it changes state only as ReplicaState allows, and joins the
     * in-sync set only from Initializing or by the record that finishes the transfer into it.
     */
    private static void checkReplica(ShardInfo before, ShardInfo after, long peer, long index, MetadataRecord r,
                                     String where) {
        Replica now = after.replicas().get(peer);
        Replica was = before == null ? null : before.replicas().get(peer);
        if (was == null || was.incarnation() != now.incarnation()) {
            assertEquals(index, now.incarnation(), where + ": a new replica's incarnation");
            if (was != null) {
                assertTrue(r instanceof MetadataRecord.StartTransfer || r instanceof MetadataRecord.RestartTransfer
                                || r instanceof MetadataRecord.AdvanceReplication,
                        where + ": only a transfer replaces a replica with a new incarnation");
                assertTrue(after.transferTo(peer) != null, where + ": a replaced replica is a transfer's target");
            }
            return;
        }
        ShardTransfer filling = before.transferTo(peer);
        if (r instanceof MetadataRecord.FinishTransfer f && filling != null && f.to() == peer
                && f.toIncarnation() == was.incarnation() && was.state() != now.state()) {
            assertEquals(ReplicaState.ACTIVE, now.state(), where + ": a finished transfer's target is Active");
            return;
        }
        if (was.state() != now.state()) {
            assertTrue(was.state().canBecome(now.state()), where + ": " + was.state() + " may not become " + now.state());
            if (!was.state().isInSync() && now.state().isInSync()) {
                assertEquals(ReplicaState.INITIALIZING, was.state(), where + ": joined the in-sync set without a transfer");
            }
        }
    }

    /** Shards of existing collections without any in-sync replica (their data is gone). */
    private static int orphaned(ClusterImage image) {
        int n = 0;
        for (CollectionMeta c : image.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                if (s.replicas().values().stream().noneMatch(r -> r.state().isInSync())) {
                    n++;
                }
            }
        }
        return n;
    }

    private static CollectionParams params(int shards) {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        return new CollectionParams(v, false, shards, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    private static long peer(Random rnd) {
        return PEERS[rnd.nextInt(PEERS.length)];
    }

    /** Mostly records that make sense for the current image, some stale or invalid ones. */
    private static MetadataRecord randomRecord(Random rnd, ClusterImage image) {
        String collection = COLLECTIONS[rnd.nextInt(COLLECTIONS.length)];
        int shard = rnd.nextInt(3);
        ReplicaState state = ReplicaState.values()[rnd.nextInt(ReplicaState.values().length)];
        long term = rnd.nextInt(10);
        CollectionMeta c = image.collections().get(collection);
        if (c != null && !c.shards().isEmpty() && rnd.nextBoolean()) {
            ShardInfo s = c.shards().get(rnd.nextInt(c.shards().size()));
            term = s.term() + rnd.nextInt(3);
            if (!s.replicas().isEmpty() && rnd.nextBoolean()) {
                List<Long> on = new ArrayList<>(s.replicas().keySet());
                long p = on.get(rnd.nextInt(on.size()));
                if (rnd.nextInt(3) == 0) {
                    return transferRecord(rnd, collection, s, on);
                }
                if (rnd.nextInt(3) == 0) {
                    return operationRecord(rnd, image, collection, s, on);
                }
                return switch (rnd.nextInt(7)) {
                    case 6 -> new MetadataRecord.DropRetired(collection, s.id(), p, s.replicas().get(p).incarnation());
                    case 5 -> new MetadataRecord.RetireReplica(collection, s.id(), p,
                            s.replicas().get(p).incarnation(), rnd.nextInt(3) > 0);
                    case 4 -> new MetadataRecord.MarkReplicaDead(collection, s.id(), p,
                            s.replicas().get(p).incarnation() + (rnd.nextInt(5) == 0 ? 1 : 0), term);
                    case 0 -> new MetadataRecord.SetReplicaState(collection, s.id(), p, state, rnd.nextBoolean() ? s.state(p) : null);
                    case 1 -> new MetadataRecord.RemoveReplica(collection, s.id(), p);
                    case 2 -> new MetadataRecord.ElectPrimary(collection, s.id(), p, term);
                    default -> new MetadataRecord.AddReplica(collection, s.id(), peer(rnd), state);
                };
            }
        }
        return switch (rnd.nextInt(14)) {
            case 12 -> switch (rnd.nextInt(3)) {
                case 0 -> new MetadataRecord.StartDrain(peer(rnd), rnd.nextInt(1000));
                case 1 -> new MetadataRecord.StopDrain(peer(rnd), "test", rnd.nextInt(1000));
                default -> new MetadataRecord.CancelDrain(peer(rnd), rnd.nextInt(1000));
            };
            case 13 -> new MetadataRecord.SetRebalance(rnd.nextBoolean() ? null : rnd.nextBoolean(),
                    rnd.nextBoolean() ? null : rnd.nextBoolean());
            case 0, 1 -> new MetadataRecord.AddPeer(peer(rnd), "http://127.0.0.1:" + (6000 + rnd.nextInt(3)));
            case 2 -> new MetadataRecord.RemovePeer(peer(rnd), rnd.nextInt(3) == 0);
            case 3, 4 -> {
                int shards = 1 + rnd.nextInt(3);
                Map<Integer, List<Long>> placement = new TreeMap<>();
                List<Long> known = new ArrayList<>(image.peers().keySet());
                for (int s = 0; s < shards; s++) {
                    List<Long> replicas = new ArrayList<>();
                    for (int k = 0; k < 1 + rnd.nextInt(2) && !known.isEmpty(); k++) {
                        long p = known.get(rnd.nextInt(known.size()));
                        if (!replicas.contains(p)) {
                            replicas.add(p);
                        }
                    }
                    placement.put(s, replicas);
                }
                yield new MetadataRecord.CreateCollection(collection, Long.toHexString(rnd.nextLong()), params(shards), placement);
            }
            case 5 -> new MetadataRecord.DropCollection(collection);
            case 6 -> {
                CollectionMeta current = image.collections().get(collection);
                CollectionParams expected = current != null && rnd.nextInt(4) > 0 ? current.params() : params(1);
                yield new MetadataRecord.UpdateCollectionParams(collection, expected, params(1 + rnd.nextInt(3)));
            }
            case 7 -> new MetadataRecord.CreateAlias("alias" + rnd.nextInt(3), collection);
            case 8 -> new MetadataRecord.DeleteAlias("alias" + rnd.nextInt(3));
            case 9 -> new MetadataRecord.AddReplica(collection, shard, peer(rnd), state);
            case 10 -> new MetadataRecord.SetReplicaState(collection, shard, peer(rnd), state, null);
            default -> new MetadataRecord.Batch(List.of(new MetadataRecord.CreateAlias("alias" + rnd.nextInt(3), collection),
                    new MetadataRecord.DeleteAlias("alias" + rnd.nextInt(3))));
        };
    }

    /** A replication operation's record for shard {@code s}: register, advance, cancel or delete, some stale. */
    private static MetadataRecord operationRecord(Random rnd, ClusterImage image, String collection, ShardInfo s,
                                                  List<Long> on) {
        List<ReplicationOp> ops = new ArrayList<>(image.operations().values());
        if (ops.isEmpty() || rnd.nextInt(3) == 0) {
            return new MetadataRecord.RegisterReplication("op" + rnd.nextInt(1000), collection, s.id(),
                    on.get(rnd.nextInt(on.size())), peer(rnd), ReplicationOpType.values()[rnd.nextInt(2)],
                    rnd.nextBoolean() ? TransferMethod.SNAPSHOT : TransferMethod.STREAM_RECORDS, rnd.nextInt(1000));
        }
        ReplicationOp op = ops.get(rnd.nextInt(ops.size()));
        return switch (rnd.nextInt(5)) {
            case 0, 1 -> new MetadataRecord.AdvanceReplication(op.id(), rnd.nextInt(5) == 0
                    ? ReplicationOpState.REGISTERED : op.state(), rnd.nextInt(1000));
            case 2 -> new MetadataRecord.CancelReplication(op.id(), rnd.nextBoolean() ? null : "test", 1);
            default -> new MetadataRecord.DeleteReplications(List.of(op.id()), rnd.nextInt(4) == 0, 1);
        };
    }

    /**
     * Operations move forward only (a lost transfer may take FINALIZING back to HYDRATING), never share a replica
     * with another running move, and never cancel once uncancelable; a leaving replica is a running move's source,
     * or one retired above the replication factor (in sync, not the primary, named by the record that retired it).
     * A drain exists only for a peer of the cluster.
     */
    private static void checkOperations(ClusterImage before, ClusterImage after, MetadataRecord record, String where) {
        assertTrue(after.peers().keySet().containsAll(after.management().drains().keySet()),
                where + ": a drain of a peer that is not in the cluster");
        for (ReplicationOp op : after.operations().values()) {
            ReplicationOp was = before.operations().get(op.id());
            if (was != null && was.state() != op.state()) {
                // One record may pass through states (a finish: FINALIZING, then READY); history keeps each.
                List<ReplicationOpState> path = new ArrayList<>();
                op.history().subList(was.history().size(), op.history().size()).forEach(h -> path.add(h.state()));
                path.add(op.state());
                ReplicationOpState from = was.state();
                for (ReplicationOpState to : path.subList(1, path.size())) {
                    assertTrue(allowed(from, to), where + ": operation went " + from + " -> " + to);
                    from = to;
                }
                assertFalse(was.uncancelable() && op.state() == ReplicationOpState.CANCELLED,
                        where + ": an uncancelable operation was cancelled");
            }
            for (ReplicationOp other : after.operations().values()) {
                if (other != op && !op.state().finished() && !other.state().finished()
                        && op.collection().equals(other.collection()) && op.shard() == other.shard()
                        && (op.type() == ReplicationOpType.MOVE || other.type() == ReplicationOpType.MOVE)) {
                    assertFalse(other.holds(op.source()) || other.holds(op.target()),
                            where + ": two running operations share a replica, one a move: " + op + " " + other);
                }
            }
        }
        for (CollectionMeta c : after.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                s.replicas().forEach((peer, r) -> {
                    CollectionMeta bc = before.collections().get(c.name());
                    ShardInfo bs = bc == null ? null : bc.shard(s.id());
                    Replica was = bs == null ? null : bs.replicas().get(peer);
                    boolean retired = was != null && was.incarnation() == r.incarnation() && was.leaving()
                            || record instanceof MetadataRecord.RetireReplica rr && rr.collection().equals(c.name())
                            && rr.shard() == s.id() && rr.peer() == peer && r.state().isInSync() && s.primary() != peer;
                    if (r.leaving() && !retired) {
                        assertTrue(after.operations().values().stream().anyMatch(op -> op.collection().equals(c.name())
                                && op.shard() == s.id() && op.source() == peer
                                && op.state() == ReplicationOpState.DEHYDRATING), where + ": replica on " + peer
                                + " of " + c.name() + "/" + s.id() + " is leaving without a move dropping it");
                    }
                });
            }
        }
    }

    private static boolean allowed(ReplicationOpState from, ReplicationOpState to) {
        return switch (from) {
            case REGISTERED -> to == ReplicationOpState.HYDRATING || to == ReplicationOpState.CANCELLED;
            case HYDRATING -> to == ReplicationOpState.FINALIZING || to == ReplicationOpState.CANCELLED;
            case FINALIZING -> to != ReplicationOpState.REGISTERED;
            case DEHYDRATING -> to == ReplicationOpState.READY;
            case READY, CANCELLED -> false;
        };
    }

    /** A transfer record for shard {@code s}: mostly about its transfers as they are, some stale. */
    private static MetadataRecord transferRecord(Random rnd, String collection, ShardInfo s, List<Long> on) {
        List<ShardTransfer> running = new ArrayList<>(s.transfers().values());
        TransferMethod method = TransferMethod.values()[rnd.nextInt(TransferMethod.values().length)];
        if (running.isEmpty() || rnd.nextInt(4) == 0) {
            return new MetadataRecord.StartTransfer(collection, s.id(), on.get(rnd.nextInt(on.size())), peer(rnd),
                    method, rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextInt(1000));
        }
        ShardTransfer t = running.get(rnd.nextInt(running.size()));
        long incarnation = t.toIncarnation() + (rnd.nextInt(6) == 0 ? 1 : 0);
        return switch (rnd.nextInt(4)) {
            case 0 -> new MetadataRecord.TransferProgressed(collection, s.id(), t.to(), incarnation,
                    new TransferCheckpoint(TransferStage.values()[rnd.nextInt(TransferStage.values().length)], "00",
                            rnd.nextInt(100), 100, rnd.nextInt(3) == 0 ? "error " + rnd.nextInt(3) : null), 1);
            case 1 -> new MetadataRecord.FinishTransfer(collection, s.id(), t.to(), incarnation,
                    s.term() + (rnd.nextInt(4) == 0 ? 1 : 0), 1);
            case 2 -> new MetadataRecord.AbortTransfer(collection, s.id(), t.to(), incarnation, "test", 1);
            default -> new MetadataRecord.RestartTransfer(collection, s.id(), t.to(), incarnation, method);
        };
    }
}
