package io.atoll.api.rest;

/** This node's limit on the bytes per second its outgoing transfers send together (0: unlimited), changeable. */
public interface TransferRate {
    long get();

    void set(long bytesPerSecond);
}
