package io.atoll.cluster.raft;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the Raft leader, every few seconds: asks the {@link StuckFollowerDecider} whether a follower is stuck behind,
 * and if so hands leadership to a voter that is caught up (or steps down when there is none), so that the next
 * leader repairs the stuck follower's log.
 */
final class LeaderWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderWatchdog.class);
    private static final long PERIOD_MILLIS = 2_000;
    private static final long TRANSFER_TIMEOUT_MILLIS = 10_000;

    private final Supplier<RaftServer.Division> division;
    private final Supplier<RaftClient> client;
    private final StuckFollowerDecider decider = new StuckFollowerDecider();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "raft-leader-watchdog");
        t.setDaemon(true);
        return t;
    });

    LeaderWatchdog(Supplier<RaftServer.Division> division, Supplier<RaftClient> client) {
        this.division = division;
        this.client = client;
        timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            RaftServer.Division d = division.get();
            if (!d.getInfo().isLeader()) {
                decider.reset();
                return;
            }
            long leaderCommit = d.getRaftLog().getLastCommittedIndex();
            Map<String, Long> commits = new HashMap<>();
            for (CommitInfoProto c : d.getCommitInfos()) {
                commits.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex());
            }
            List<StuckFollowerDecider.Follower> followers = new ArrayList<>();
            for (ServerRpcProto f : d.getInfo().getRoleInfoProto().getLeaderInfo().getFollowerInfoList()) {
                String id = f.getId().getId().toStringUtf8();
                followers.add(new StuckFollowerDecider.Follower(id, commits.getOrDefault(id, 0L),
                        f.getLastRpcElapsedTimeMs()));
            }
            StuckFollowerDecider.Stuck stuck = decider.observe(leaderCommit, followers, System.nanoTime());
            if (stuck != null) {
                handOver(d, stuck, leaderCommit, commits);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("raft leader watchdog check failed", e);
        }
    }

    /** To a caught-up voter other than the stuck one; with none, stepping down makes a new term all the same. */
    private void handOver(RaftServer.Division d, StuckFollowerDecider.Stuck stuck, long leaderCommit,
                          Map<String, Long> commits) throws IOException {
        RaftPeerId target = null;
        for (RaftPeer p : d.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER)) {
            String id = p.getId().toString();
            if (!p.getId().equals(d.getId()) && !id.equals(stuck.peer())
                    && commits.getOrDefault(id, 0L) >= leaderCommit) {
                target = p.getId();
                break;
            }
        }
        LOG.warn("{}; handing Raft leadership {} so that a new leader repairs its log", stuck.reason(),
                target == null ? "up (stepping down)" : "to " + target);
        RaftClientReply reply = client.get().admin().transferLeadership(target, d.getId(), TRANSFER_TIMEOUT_MILLIS);
        if (!reply.isSuccess()) {
            LOG.warn("handing Raft leadership over failed: {}", reply.getException());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
