package io.atoll.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataCodec;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Proposal;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.ratis.RaftTestUtil;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.impl.MiniRaftCluster;
import org.apache.ratis.server.simulation.MiniRaftClusterWithSimulatedRpc;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;

/**
 * L2: the metadata state machine inside Ratis's MiniRaftCluster. Every live member must end with the same image
 * as the leader after leader crashes, snapshot installs and membership changes.
 */
class MetadataStateMachineRaftTest {
    private int nextPeer = 1;

    interface ClusterTest {
        void run(MiniRaftCluster cluster) throws Exception;
    }

    /** Runs a test on a new cluster, always shuts it down, and prints the servers when it fails. */
    private static void runWithNewCluster(int servers, RaftProperties props, ClusterTest test) throws Exception {
        props.setClass(MiniRaftCluster.STATEMACHINE_CLASS_KEY, MetadataStateMachine.class, StateMachine.class);
        MiniRaftCluster cluster = MiniRaftClusterWithSimulatedRpc.FACTORY.newCluster(servers, props);
        try {
            cluster.start();
            RaftTestUtil.waitForLeader(cluster);
            test.run(cluster);
        } catch (Throwable t) {
            System.out.println(cluster.printServers());
            throw t;
        } finally {
            cluster.shutdown();
        }
    }

    private static CollectionParams params() {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(8, Distance.COSINE, null, false));
        return new CollectionParams(v, false, 2, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    /** A run of records that all apply: peers join, collections are created over them, aliases set. */
    private List<MetadataRecord> records(int n) {
        List<MetadataRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long a = nextPeer++;
            long b = nextPeer++;
            out.add(new MetadataRecord.AddPeer(a, "http://127.0.0.1:" + (7000 + a)));
            out.add(new MetadataRecord.AddPeer(b, "http://127.0.0.1:" + (7000 + b)));
            out.add(new MetadataRecord.CreateCollection("c" + a, "u" + a, params(), Map.of(0, List.of(a, b), 1, List.of(b, a))));
            out.add(new MetadataRecord.CreateAlias("alias" + a, "c" + a));
        }
        return out;
    }

    private static void propose(MiniRaftCluster cluster, List<MetadataRecord> records) throws Exception {
        try (RaftClient client = cluster.createClient()) {
            for (MetadataRecord r : records) {
                RaftClientReply reply = client.io().send(Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(r))));
                assertTrue(reply.isSuccess(), "proposal failed: " + reply);
                assertNull(MetadataCodec.decodeAnswer(reply.getMessage().getContent().toByteArray()), "rejected: " + r);
            }
        }
    }

    private static MetadataStateMachine stateMachine(RaftServer.Division d) {
        return (MetadataStateMachine) d.getStateMachine();
    }

    /** Waits until every live member holds the leader's image, then returns it. */
    private static ClusterImage awaitConverged(MiniRaftCluster cluster) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            RaftServer.Division leader = RaftTestUtil.waitForLeader(cluster);
            ClusterImage expected = stateMachine(leader).image();
            List<ClusterImage> images = cluster.getServerAliveStream().map(d -> stateMachine(d).image()).toList();
            if (images.stream().allMatch(expected::equals)) {
                return expected;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("members did not converge: " + images.stream()
                        .map(i -> i.appliedIndex() + "/" + i.collections().size()).collect(Collectors.joining(", ")));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void theLeaderIsKilledAndRestartedAndEveryoneConverges() throws Exception {
        runWithNewCluster(3, new RaftProperties(), cluster -> {
            propose(cluster, records(5));
            RaftPeerId oldLeader = RaftTestUtil.waitForLeader(cluster).getId();
            cluster.killServer(oldLeader);
            RaftPeerId newLeader = RaftTestUtil.waitForLeader(cluster).getId();
            assertTrue(!newLeader.equals(oldLeader), "a new leader is elected");
            propose(cluster, records(5));
            cluster.restartServer(oldLeader, false);
            ClusterImage image = awaitConverged(cluster);
            assertEquals(10, image.collections().size());
            assertEquals(20, image.peers().size());
        });
    }

    /** Snapshots every 20 entries, and the log purged up to them: a follower that lags gets a snapshot. */
    private static RaftProperties snapshotting() {
        RaftProperties props = new RaftProperties();
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, 20);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setPurgeGap(props, 1);
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf("8KB"));
        return props;
    }

    @Test
    void aLaggingFollowerCatchesUpFromAnInstalledSnapshot() throws Exception {
        runWithNewCluster(3, snapshotting(), cluster -> {
            propose(cluster, records(2));
            RaftServer.Division follower = cluster.getFollowers().getFirst();
            RaftPeerId lagging = follower.getId();
            cluster.killServer(lagging);
            propose(cluster, records(40));
            RaftServer.Division leader = RaftTestUtil.waitForLeader(cluster);
            assertTrue(stateMachine(leader).getLatestSnapshot() != null, "the leader took a snapshot");
            assertTrue(leader.getRaftLog().getStartIndex() > 10, "the leader purged the log the follower lacks");
            cluster.restartServer(lagging, false);
            ClusterImage image = awaitConverged(cluster);
            assertEquals(42, image.collections().size());
            assertTrue(stateMachine(cluster.getDivision(lagging)).getLatestSnapshot() != null,
                    "the follower caught up through a snapshot");
        });
    }

    /**
     * A copy of a proposal committed as a second entry (a client's resend that the leader's retry cache no longer
     * recognised) is applied once, by every member, including one that catches up from a snapshot.
     */
    @Test
    void aCommittedCopyOfAProposalChangesNothingOnAnyMember() throws Exception {
        runWithNewCluster(3, snapshotting(), cluster -> {
            List<MetadataRecord> setup = records(1);
            propose(cluster, setup);
            RaftPeerId lagging = cluster.getFollowers().getFirst().getId();
            cluster.killServer(lagging);
            String name = ((MetadataRecord.CreateCollection) setup.get(2)).name();
            byte[] create = MetadataCodec.encode(new Proposal("create-again", 4, new MetadataRecord.CreateCollection(
                    "again", "u-again", params(), Map.of(0, List.of(1L, 2L), 1, List.of(2L, 1L)))));
            try (RaftClient client = cluster.createClient()) {
                assertNull(answer(client.io().send(Message.valueOf(ByteString.copyFrom(create)))));
                assertNull(answer(client.io().send(Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(
                        new Proposal("drop", 5, new MetadataRecord.DropCollection("again"))))))));
                assertNull(answer(client.io().send(Message.valueOf(ByteString.copyFrom(create)))),
                        "the copy is answered as the first was");
            }
            propose(cluster, records(30));
            cluster.restartServer(lagging, false);
            ClusterImage image = awaitConverged(cluster);
            assertTrue(image.collections().containsKey(name));
            assertTrue(!image.collections().containsKey("again"), "the dropped collection stays dropped");
            assertTrue(stateMachine(cluster.getDivision(lagging)).getLatestSnapshot() != null,
                    "the follower caught up through a snapshot");
        });
    }

    private static Object answer(RaftClientReply reply) throws Exception {
        assertTrue(reply.isSuccess(), "proposal failed: " + reply);
        return MetadataCodec.decodeAnswer(reply.getMessage().getContent().toByteArray());
    }

    @Test
    void peersAreAddedAndRemoved() throws Exception {
        runWithNewCluster(3, new RaftProperties(), cluster -> {
            propose(cluster, records(3));
            var changes = cluster.addNewPeers(2, true);
            List<RaftPeer> all = new ArrayList<>(cluster.getPeers());
            cluster.setConfiguration(all);
            propose(cluster, records(2));
            ClusterImage five = awaitConverged(cluster);
            assertEquals(5, cluster.getServerAliveStream().count());
            assertEquals(5, five.collections().size());

            List<RaftPeer> three = all.subList(0, 3);
            cluster.setConfiguration(three);
            for (RaftPeer removed : all.subList(3, 5)) {
                cluster.killServer(removed.getId());
            }
            propose(cluster, records(2));
            ClusterImage image = awaitConverged(cluster);
            assertEquals(7, image.collections().size());
            assertEquals(2, changes.getAddedPeers().size());
        });
    }
}
