package io.atoll.api.rest;

import java.time.Instant;

/** What the service endpoints say about this node. */
public record NodeInfo(long peerId, String version, String commit, Instant startedAt) {
    /** The Qdrant release whose REST and gRPC APIs Atoll follows (its OpenAPI description is the reference). */
    public static final String QDRANT_API_VERSION = "1.19.0";

    /** The title Qdrant's clients see in GET / and the gRPC health check. */
    public static final String TITLE = "atoll - vector search engine";
}
