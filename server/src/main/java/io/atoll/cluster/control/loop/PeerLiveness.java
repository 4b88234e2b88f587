package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.error.AtollException;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.PingRequest;
import io.atoll.transport.proto.PingResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which peers the leader has heard from lately: it pings every peer each round and counts one as down when no
 * ping has been answered for {@code deadAfter}. A leader new to the role gives every peer a full period before
 * judging it ({@link #forget}). Time is read from a monotonic clock in nanoseconds ({@code System::nanoTime} in a
 * node): a wall clock stepped forward would make one missed ping look like a dead peer. Not thread-safe: the
 * controller loop's thread uses it.
 */
public final class PeerLiveness {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLiveness.class);
    private static final Duration PING = Duration.ofMillis(500);

    private final long self;
    private final PeerTransport transport;
    private final LongSupplier nanoClock;
    private final Duration deadAfter;
    private final Duration replaceDeadAfter;
    private final LongSupplier ownDiskFree;
    private final Map<Long, Long> lastSeenNanos = new HashMap<>();
    private final Map<Long, Long> actedIndex = new HashMap<>();
    private final Map<Long, Long> diskFree = new HashMap<>();

    /** {@code ownDiskFree}: this node's free storage space, which it does not ping itself for. */
    public PeerLiveness(long self, PeerTransport transport, LongSupplier nanoClock, Duration deadAfter,
                        Duration replaceDeadAfter, LongSupplier ownDiskFree) {
        this.self = self;
        this.transport = transport;
        this.nanoClock = nanoClock;
        this.deadAfter = deadAfter;
        this.replaceDeadAfter = replaceDeadAfter;
        this.ownDiskFree = ownDiskFree;
    }

    public PeerLiveness(long self, PeerTransport transport, LongSupplier nanoClock, Duration deadAfter) {
        this(self, transport, nanoClock, deadAfter, Duration.ofMinutes(5), () -> 0);
    }

    /**
     * The peers not heard from for the replace-dead-after period as of the last {@link #observe}: lost for long
     * enough that their replicas are re-created elsewhere. A leader new to the role counts from when it took it.
     */
    public Set<Long> lost() {
        long now = nanoClock.getAsLong();
        Set<Long> lost = new HashSet<>();
        lastSeenNanos.forEach((peer, seen) -> {
            if (now - seen > replaceDeadAfter.toNanos()) {
                lost.add(peer);
            }
        });
        return lost;
    }

    /** Pings every peer of {@code image} and returns those down now. */
    public Set<Long> observe(ClusterImage image) {
        long now = nanoClock.getAsLong();
        lastSeenNanos.keySet().retainAll(image.peers().keySet());
        actedIndex.keySet().retainAll(image.peers().keySet());
        diskFree.keySet().retainAll(image.peers().keySet());
        actedIndex.put(self, image.appliedIndex());
        diskFree.put(self, ownDiskFree.getAsLong());
        for (PeerInfo p : image.peers().values()) {
            lastSeenNanos.putIfAbsent(p.id(), now);
            if (p.id() == self || answers(p)) {
                lastSeenNanos.put(p.id(), now);
            }
        }
        Set<Long> down = new HashSet<>();
        lastSeenNanos.forEach((peer, seen) -> {
            if (now - seen > deadAfter.toNanos()) {
                down.add(peer);
            }
        });
        return down;
    }

    /**
     * The metadata index each peer said it has acted on, as of its last answered ping (this node: the image it
     * observed). A peer never heard from is absent.
     */
    public Map<Long, Long> actedIndex() {
        return Map.copyOf(actedIndex);
    }

    private boolean answers(PeerInfo p) {
        try {
            PingResponse r = transport.call(p.uri(), PeerRpcs.PING, PingRequest.newBuilder().setFromPeer(self).build(),
                    PING);
            actedIndex.put(p.id(), r.getMetadataIndex());
            diskFree.put(p.id(), r.getDiskFreeBytes());
            return true;
        } catch (PeerUnreachableException | AtollException e) {
            LOG.debug("peer {} did not answer a ping: {}", p.id(), e.getMessage());
            return false;
        }
    }

    /** The free storage space each peer reported in its last answered ping (0: it could not tell). */
    public Map<Long, Long> diskFree() {
        return Map.copyOf(diskFree);
    }

    /** Forgets every observation: called when this node is not (or no longer) the leader. */
    public void forget() {
        lastSeenNanos.clear();
        actedIndex.clear();
        diskFree.clear();
    }
}
