package io.atoll.api.rest;

import java.time.Instant;

/** What the service endpoints say about this node. */
public record NodeInfo(long peerId, String version, String commit, Instant startedAt) {
}
