package io.atoll.api.rest;

/** What the REST API shows and tunes of this node's own data plane: its transfer rate limit and its counters. */
public record NodeDataPlane(TransferRate transferRate, NodeCounters counters) {
}
