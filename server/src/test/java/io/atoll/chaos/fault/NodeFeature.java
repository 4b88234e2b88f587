package io.atoll.chaos.fault;

/** What a node must be started with for a fault to reach it later. */
public enum NodeFeature {
    /** Storage on a small tmpfs of its own, so that it can fill up. */
    TMPFS,
    /** libfaketime preloaded, reading its clock offset from a file the harness rewrites. */
    FAKETIME
}
