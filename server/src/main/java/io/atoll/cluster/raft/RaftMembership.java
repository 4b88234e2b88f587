package io.atoll.cluster.raft;

import io.atoll.error.AtollException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/** Changes to the Raft group's membership, made through the member's client: adding and removing peers. */
final class RaftMembership {
    private final RaftServer.Division division;
    private final RaftClient client;

    RaftMembership(RaftServer.Division division, RaftClient client) {
        this.division = division;
        this.client = client;
    }

    /**
     * Adds a peer to the Raft group, as a voter while there are fewer than {@link RaftNode#MAX_VOTERS}, else as a
     * listener. Ratis waits for the new member to catch up before the new configuration takes effect.
     */
    void add(long id, String uri) {
        RaftConfiguration conf = division.getRaftConf();
        RaftPeerId pid = RaftPeerId.valueOf(Long.toString(id));
        if (conf.getPeer(pid, RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER) != null) {
            return;
        }
        boolean voter = conf.getCurrentPeers().size() < RaftNode.MAX_VOTERS;
        RaftPeer peer = RaftNode.peer(id, uri, voter ? RaftPeerRole.FOLLOWER : RaftPeerRole.LISTENER);
        SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(voter ? List.of(peer) : List.of())
                .setListenersInNewConf(voter ? List.of() : List.of(peer))
                .setMode(SetConfigurationRequest.Mode.ADD).build();
        setConfiguration(args, "add peer " + id);
    }

    /** Removes a peer from the Raft group (it stops voting and receiving the log). */
    void remove(long id) {
        RaftConfiguration conf = division.getRaftConf();
        RaftPeerId pid = RaftPeerId.valueOf(Long.toString(id));
        List<RaftPeer> voters = without(conf.getCurrentPeers(RaftPeerRole.FOLLOWER), pid);
        List<RaftPeer> listeners = without(conf.getCurrentPeers(RaftPeerRole.LISTENER), pid);
        if (voters.size() == conf.getCurrentPeers(RaftPeerRole.FOLLOWER).size()
                && listeners.size() == conf.getCurrentPeers(RaftPeerRole.LISTENER).size()) {
            return;
        }
        if (voters.isEmpty()) {
            throw AtollException.badRequest("Bad request: cannot remove the last voting member of the cluster");
        }
        setConfiguration(SetConfigurationRequest.Arguments.newBuilder().setServersInNewConf(voters)
                .setListenersInNewConf(listeners).setMode(SetConfigurationRequest.Mode.SET_UNCONDITIONALLY).build(),
                "remove peer " + id);
    }

    private static List<RaftPeer> without(Collection<RaftPeer> peers, RaftPeerId id) {
        List<RaftPeer> out = new ArrayList<>();
        for (RaftPeer p : peers) {
            if (!p.getId().equals(id)) {
                out.add(p);
            }
        }
        return out;
    }

    private void setConfiguration(SetConfigurationRequest.Arguments args, String what) {
        try {
            RaftClientReply reply = client.admin().setConfiguration(args);
            if (!reply.isSuccess()) {
                throw AtollException.unavailable("could not " + what + ": " + reply.getException());
            }
        } catch (IOException e) {
            throw AtollException.unavailable("could not " + what + ": " + e.getMessage());
        }
    }
}
