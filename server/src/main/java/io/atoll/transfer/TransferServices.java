package io.atoll.transfer;

import io.atoll.replication.TransferThrottle;
import io.atoll.transport.PeerTransport;

/**
 * What the transfer drivers of a node share: the port to the metadata, the node's rate limit, the settings and
 * the transport to other nodes (snapshot files), and the counters of what they sent. Immutable.
 */
public record TransferServices(TransferRecords records, TransferThrottle throttle, TransferSettings settings,
                               PeerTransport peers, TransferCounters counters) {
}
