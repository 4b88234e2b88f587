package io.atoll.api.rest;

/** Whether a peer answers now (a short ping), for the node status Weaviate's nodes endpoint reports. */
@FunctionalInterface
public interface PeerProbe {
    boolean answers(long peerId);
}
