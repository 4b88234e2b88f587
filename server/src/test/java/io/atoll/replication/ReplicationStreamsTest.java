package io.atoll.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.Message;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.operation.PointsSelector;
import io.atoll.operation.PointsUpdate;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.codec.WireCodec;
import io.atoll.error.AtollException;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollQuery;
import io.atoll.shard.LocalShard;
import io.atoll.shard.Replicated;
import io.atoll.shard.LogPosition;
import io.atoll.transport.proto.WalRecord;
import io.atoll.shard.LoggedOp;
import io.atoll.shard.ShardSettings;
import io.atoll.transport.PeerRpc;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.point.VectorValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The primary's streams to its replicas, in process: the primary's real shard and replication, and a real replica
 * shard behind a transport that records every batch the primary sends. Each test pins a defect of the streams
 * this replaced.
 */
class ReplicationStreamsTest {
    private static final long PRIMARY = 1;
    private static final long REPLICA = 2;
    /** Small segments and nothing kept after a flush: the log can be truncated under a replica's feet. */
    private static final ShardSettings SETTINGS = new ShardSettings(false, 4096, 0, 0);

    @TempDir
    Path dir;

    private final List<ReplicateRequest> sent = new CopyOnWriteArrayList<>();
    /** Holds every batch until opened. */
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final List<String> markedDead = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private ClusterImage image;
    private LocalShard replicaShard;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private static CollectionParams params() {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(2, Distance.EUCLID, null, false));
        return new CollectionParams(v, false, 1, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    private static PointsUpdate upsert(long id) {
        return new PointsUpdate.Upsert(List.of(new PointStruct(PointId.of(id), VectorValue.dense(Map.of("",
                new float[]{id, 1})),
                JsonNodeFactory.instance.objectNode())));
    }

    private void apply(MetadataRecord r) {
        ApplyResult result = MetadataApply.apply(image, r, image.appliedIndex() + 1);
        assertTrue(result.applied(), r + ": " + result.rejection());
        image = result.image();
    }

    private ShardInfo shard() {
        return image.collections().get("c").shard(0);
    }

    /** The replica's node: applies what it is sent to a real shard, as its replication service would. */
    private final PeerTransport transport = new PeerTransport() {
        @Override
        @SuppressWarnings("unchecked")
        public <Q extends Message, R extends Message> R call(String peer, PeerRpc<?, Q, R> rpc, Q request,
                                                             Duration timeout) {
            assertEquals(PeerRpcs.REPLICATE, rpc);
            ReplicateRequest r = (ReplicateRequest) request;
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new PeerUnreachableException("interrupted", false, e);
            }
            sent.add(r);
            if (r.hasBeginAt()) {
                replicaShard.copies().beginAt(new LogPosition(r.getBeginAt().getSeq(), r.getBeginAt().getTerm()));
            }
            Replicated done;
            if (!r.getCopied().isEmpty()) {
                try {
                    done = replicaShard.copies().applyCopied(r.getTerm(),
                            List.of(WireCodec.decode(r.getCopied().toByteArray(), ScoredPoint[].class)));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            } else {
                List<LoggedOp> ops = r.getRecordsList().stream()
                        .map(w -> new LoggedOp(w.getSeq(), w.getTerm(), w.getOperation().toByteArray())).toList();
                done = replicaShard.applyReplicated(r.getTerm(), ops, r.getWaitVisible());
            }
            return (R) ReplicateResponse.newBuilder().setOutcome(switch (done.outcome()) {
                case APPLIED, DUPLICATE -> ReplicateResponse.Outcome.APPLIED;
                case GAP -> ReplicateResponse.Outcome.GAP;
                case STALE_TERM -> ReplicateResponse.Outcome.STALE_TERM;
            }).setLastSeq(done.position().seq()).setTerm(done.term()).setLastRecordTerm(done.position().term())
                    .setIncomplete(replicaShard.copies().incomplete()).build();
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(2);
        }
    };

    /** The primary's replica, following a shard whose other replica is on REPLICA in {@code state}. */
    private LocalReplica primary(ReplicaState state) throws Exception {
        return primary(new MetadataRecord.AddReplica("c", 0, REPLICA, state));
    }

    /** The primary's replica after 1500 writes, and then {@code placeReplica} puts a replica on REPLICA. */
    private LocalReplica primary(MetadataRecord placeReplica) throws Exception {
        image = ClusterImage.EMPTY;
        apply(new MetadataRecord.AddPeer(PRIMARY, "http://primary:1"));
        apply(new MetadataRecord.AddPeer(REPLICA, "http://replica:1"));
        apply(new MetadataRecord.CreateCollection("c", "u", params(), Map.of(0, List.of(PRIMARY))));
        NodeMetadata metadata = new NodeMetadata() {
            @Override
            public ClusterImage image() {
                return image;
            }

            @Override
            public boolean awaitActed(long index, Duration timeout) {
                return true;
            }

            @Override
            public void sync() {
            }
        };
        ReplicaFailures failures = (collection, shard, peer, incarnation, term) -> {
            markedDead.add(peer + "#" + incarnation);
            return ReplicaFailures.Outcome.MARKED;
        };
        LocalShard shard = LocalShard.open("c", 0, dir.resolve("primary"), params(), SETTINGS, null);
        replicaShard = LocalShard.open("c", 0, dir.resolve("replica"), params(), SETTINGS, null);
        open.add(replicaShard);
        LocalReplica p = new LocalReplica(new ReplicaId("c", "u", 0, 3), shard,
                new ReplicationContext(PRIMARY, transport, transport.timeout(), metadata, failures));
        open.add(p);
        p.follow(shard(), params(), image.peers());
        for (long i = 1; i <= 1500; i++) {
            p.writeAsPrimary(upsert(i), false);
        }
        apply(placeReplica);
        return p;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }

    /**
     * Found in review: every replica that receives writes got a stream that probed it and asked for everything
     * from its log's end; a transfer target holds only part of the log (its log is empty), so it would have been
     * sent the primary's whole log, and marked Dead once the log was truncated. It gets a stream only when its
     * transfer opens one, whose probe starts the target's log at the cutoff: it is sent only what follows.
     */
    @Test
    void aTransferTargetStartsAtItsCutoffAndIsSentOnlyWhatFollowsIt() throws Exception {
        LocalReplica p = primary(new MetadataRecord.StartTransfer("c", 0, PRIMARY, REPLICA,
                TransferMethod.STREAM_RECORDS, false, false, 0));
        p.follow(shard(), params(), image.peers());
        assertNull(p.streamMode(REPLICA), "no stream until the transfer opens one");

        long incarnation = shard().replicas().get(REPLICA).incarnation();
        TransferLink link = p.openTransfer(shard().term(), REPLICA, incarnation, "http://replica:1", true);
        p.writeAsPrimary(upsert(9), false);
        await("the new write is forwarded", () -> replicaShard.lastSeq() == 1501);
        assertEquals(1500, sent.getFirst().getBeginAt().getSeq(), "the probe starts the target at the cutoff");
        assertEquals(List.of(1501L), sent.stream().flatMap(r -> r.getRecordsList().stream())
                .map(WalRecord::getSeq).toList(), "only the record after the cutoff is sent");
        assertTrue(markedDead.isEmpty(), "never judged by a log it does not follow: " + markedDead);
        link.close();
    }

    /**
     * The ordering a copy relies on: a page of points is read at a log position and reaches the target after the
     * records up to it and before any later one. Here the stream is held while a page holding point 7 (written
     * before the cutoff: the target gets it only from the copy) is read, and then point 7's payload is set; the
     * update must reach the target after the copy, or the target skips it (it lacks the point) and then takes the
     * older copy.
     */
    @Test
    void aCopyReachesTheTargetBetweenTheRecordsBeforeAndAfterIt() throws Exception {
        LocalReplica p = primary(new MetadataRecord.StartTransfer("c", 0, PRIMARY, REPLICA,
                TransferMethod.STREAM_RECORDS, false, false, 0));
        long incarnation = shard().replicas().get(REPLICA).incarnation();
        p.follow(shard(), params(), image.peers());
        TransferLink link = p.openTransfer(shard().term(), REPLICA, incarnation, "http://replica:1", true);
        await("the probe answered", () -> link.targetSeq() == 1500);

        gate = new CountDownLatch(1);
        p.writeAsPrimary(upsert(5000), false);
        Thread.sleep(200); // the stream now waits at the gate with record 1501
        p.writeAsPrimary(upsert(5001), false);
        CompletableFuture<TransferLink.Copied> copied = CompletableFuture.supplyAsync(() -> {
            try {
                return link.copy(PointId.of(7), 1, 30_000, () -> { });
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(200); // the page (read at 1502) is queued
        p.writeAsPrimary(new PointsUpdate.SetPayload(PointsSelector.ids(List.of(PointId.of(7))),
                JsonNodeFactory.instance.objectNode().put("after", "copy"), null), false);
        gate.countDown();
        copied.get(30, TimeUnit.SECONDS);
        link.promoteWhenCaughtUp();
        await("the target is promoted", link::promoted);
        assertEquals(List.of("7@1503{\"after\":\"copy\"}"), digest(replicaShard).stream()
                .filter(x -> x.startsWith("7@")).toList(), "the update reached the target after the copy");
        link.close();
    }

    /**
     * A replica that began at a transfer's cutoff and was never in sync lacks points from before its log: sending
     * it what its log lacks (wal_delta) would make it Active without them. Its probe says so, and the transfer
     * fails over to a copy instead.
     */
    @Test
    void aPartlyCopiedReplicaIsNotRecoveredFromTheLog() throws Exception {
        LocalReplica p = primary(new MetadataRecord.StartTransfer("c", 0, PRIMARY, REPLICA,
                TransferMethod.STREAM_RECORDS, false, false, 0));
        long incarnation = shard().replicas().get(REPLICA).incarnation();
        p.follow(shard(), params(), image.peers());
        TransferLink copy = p.openTransfer(shard().term(), REPLICA, incarnation, "http://replica:1", true);
        copy.copy(null, 10, 30_000, () -> { });
        copy.close();

        TransferLink byLog = p.openTransfer(shard().term(), REPLICA, incarnation, "http://replica:1", false);
        await("the log cannot serve the partly copied replica", () -> !byLog.isRunning());
        assertTrue(byLog.logCannotServe(), byLog.failure());
        assertTrue(byLog.failure().contains("only part of the shard"), byLog.failure());
        assertTrue(markedDead.isEmpty(), "a failed transfer does not mark its target Dead: " + markedDead);
    }

    /**
     * Found in review: the driver closed its link as soon as the finish committed, which stopped the promoted
     * target's stream before this node followed the metadata that makes the target Active, and writes were
     * acknowledged without it meanwhile. A promoted target keeps counting after its driver lets go.
     */
    @Test
    void aPromotedTargetStillCountsAfterItsDriverLetsGo() throws Exception {
        LocalReplica p = primary(new MetadataRecord.StartTransfer("c", 0, PRIMARY, REPLICA,
                TransferMethod.STREAM_RECORDS, false, false, 0));
        long incarnation = shard().replicas().get(REPLICA).incarnation();
        p.follow(shard(), params(), image.peers());
        TransferLink link = p.openTransfer(shard().term(), REPLICA, incarnation, "http://replica:1", true);
        PointId next = null;
        do {
            next = link.copy(next, 500, 30_000, () -> { }).next();
        } while (next != null);
        link.promoteWhenCaughtUp();
        await("the target is promoted", link::promoted);
        p.writeAsPrimary(upsert(76), false);
        assertTrue(link.awaitVisible(10_000), "the target makes what it holds visible when asked");
        assertEquals(1, replicaShard.engine().retrieve(List.of(PointId.of(76)), PayloadSelector.NONE,
                VectorSelector.NONE).size(), "a write sent without a refresh is visible after the barrier");
        link.close();
        long seq = p.writeAsPrimary(upsert(77), false);
        assertEquals(seq, replicaShard.lastSeq(), "the write was acknowledged only once the promoted target had it");
    }

    /**
     * The generic filtered stream: a copy that selects points by id fills the target with exactly those, across
     * pages that the selection may leave empty, and the records after the cutoff follow as for any copy.
     */
    @Test
    void aFilteredCopySendsOnlyTheSelectedPoints() throws Exception {
        LocalReplica p = primary(new MetadataRecord.StartTransfer("c", 0, PRIMARY, REPLICA,
                TransferMethod.STREAM_RECORDS, false, false, 0));
        long incarnation = shard().replicas().get(REPLICA).incarnation();
        p.follow(shard(), params(), image.peers());
        TransferLink link = p.openTransfer(shard().term(), REPLICA, incarnation, "http://replica:1", true);
        java.util.function.Predicate<PointId> small = id -> id.toString().length() == 1; // ids 0 to 9
        PointId next = null;
        int pages = 0;
        int copied = 0;
        do {
            TransferLink.Copied c = link.copy(next, 7, small, 30_000, () -> { });
            copied += c.points();
            next = c.next();
            pages++;
        } while (next != null);
        assertTrue(pages > 2, "several pages, most of them empty after the selection: " + pages);
        List<String> ids = digest(replicaShard).stream().map(x -> x.substring(0, x.indexOf('@'))).toList();
        assertEquals(copied, ids.size());
        assertTrue(!ids.isEmpty() && ids.stream().allMatch(x -> x.length() == 1), "only selected points: " + ids);
        link.close();
    }

    private static List<String> digest(LocalShard shard) throws Exception {
        shard.refresh();
        return shard.engine().scroll(new ScrollQuery(Filter.EMPTY, null, 100_000, PayloadSelector.ALL,
                VectorSelector.NONE)).points().stream().map(x -> x.id() + "@" + x.version() + x.payload()).toList();
    }

    /**
     * Found in review: a replica catching up reread the primary's whole log tail for every batch. Now it is probed
     * once, then sent the log from where it stands in batches of at most 512, each read after the last, then
     * follows from memory.
     */
    @Test
    void aReplicaBehindIsProbedCaughtUpInBoundedBatchesAndThenFollows() throws Exception {
        LocalReplica p = primary(ReplicaState.LISTENER);
        p.follow(shard(), params(), image.peers());
        await("the replica caught up", () -> replicaShard.lastSeq() == 1500);
        assertEquals(0, sent.getFirst().getRecordsCount(), "the first batch is a probe");
        long expected = 1;
        for (ReplicateRequest r : sent.subList(1, sent.size())) {
            assertTrue(r.getRecordsCount() <= ReplicaStream.MAX_BATCH);
            for (var record : r.getRecordsList()) {
                assertEquals(expected++, record.getSeq());
            }
        }
        assertEquals(1501, expected, "each record sent once, in order");
        p.writeAsPrimary(upsert(5000), false);
        await("the stream follows from memory", () -> p.streamMode(REPLICA) == StreamMode.FOLLOWING
                && replicaShard.lastSeq() == 1501);
        assertTrue(markedDead.isEmpty());
    }

    /** A replica whose next records the primary's log no longer holds needs a transfer: it is marked Dead. */
    @Test
    void aReplicaWhoseRecordsTheLogNoLongerHoldsIsMarkedDead() throws Exception {
        LocalReplica p = primary(ReplicaState.LISTENER);
        p.shard().flush();
        p.follow(shard(), params(), image.peers());
        await("the replica is reported", () -> !markedDead.isEmpty());
        assertEquals(List.of(REPLICA + "#" + shard().replicas().get(REPLICA).incarnation()), markedDead);
    }

    /**
     * Found in review: every batch asked the replica to make it visible to searches before answering (a refresh per
     * batch), also for writes whose clients did not wait.
     */
    @Test
    void replicasMakeABatchVisibleOnlyWhenItsClientWaits() throws Exception {
        LocalReplica p = primary(ReplicaState.LISTENER);
        p.follow(shard(), params(), image.peers());
        await("the replica caught up", () -> replicaShard.lastSeq() == 1500);
        sent.clear();
        p.writeAsPrimary(upsert(1), false);
        await("sent", () -> replicaShard.lastSeq() == 1501);
        p.writeAsPrimary(upsert(2), true);
        await("sent", () -> replicaShard.lastSeq() == 1502);
        assertFalse(sent.stream().filter(r -> r.getRecordsCount() > 0 && r.getRecords(0).getSeq() == 1501)
                .findFirst().orElseThrow().getWaitVisible());
        assertTrue(sent.getLast().getWaitVisible());
    }

    /**
     * Found by the chaos runner: a write its coordinator routed before a promotion's writers switched reached the
     * source's primary after the switch and was logged there alone. A primary now refuses a write routed by an
     * image older than its collection's routing fence, so the coordinator routes it again.
     */
    @Test
    void aWriteRoutedBeforeTheRoutingFenceIsRefused() throws Exception {
        LocalReplica p = primary(ReplicaState.LISTENER);
        CollectionMeta c = image.collections().get("c");
        p.follow(new CollectionMeta(c.name(), c.uuid(), c.params(), c.shards(), null, null, null, 40, 0), shard(),
                image.peers());
        long before = p.shard().lastSeq();
        AtollException e = assertThrows(AtollException.class, () -> p.writeAsPrimary(upsert(1), false, 39));
        assertTrue(e.is(AtollException.Kind.WRONG_SHARD), e.getMessage());
        assertEquals(before, p.shard().lastSeq(), "nothing was logged");
        assertTrue(p.writeAsPrimary(upsert(1), false, 40) > before);
    }
}
