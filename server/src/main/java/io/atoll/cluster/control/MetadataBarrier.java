package io.atoll.cluster.control;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.error.AtollException;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.PingRequest;
import java.time.Duration;

/**
 * Waits until the other nodes have acted on the metadata up to an index, so that a collection created through one
 * node can be used through any other as soon as the call returns (Qdrant waits the same way). A node that does
 * not answer is not waited for: it catches up when it is back, and requests meanwhile wait for it there.
 */
final class MetadataBarrier {
    private static final Duration PING = Duration.ofMillis(500);

    private final PeerTransport peers;
    private final Duration timeout;

    MetadataBarrier(PeerTransport peers, Duration timeout) {
        this.peers = peers;
        this.timeout = timeout;
    }

    void await(ClusterImage image, long self, long index) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PeerInfo p : image.peers().values()) {
            if (p.id() == self) {
                continue;
            }
            while (System.nanoTime() < deadline) {
                try {
                    long applied = peers.call(p.uri(), PeerRpcs.PING, PingRequest.newBuilder().setFromPeer(self).build(), PING)
                            .getMetadataIndex();
                    if (applied >= index) {
                        break;
                    }
                    Thread.sleep(20);
                } catch (PeerUnreachableException | AtollException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
