package io.atoll.cluster.raft;

import io.atoll.error.AtollException;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft client this node proposes and reads through, replaced by a new one once a request on it failed.
 *
 * <p>Why: Ratis's ordered async client keeps the first failure of its sliding window (its retries used up while no
 * leader answered, for one) and fails every later request on that window with "... is closed", for good. Found by
 * {@code TransferResumeTest} in CI: a node that had been without a quorum for longer than the retries last could
 * never propose again, and its transfer waited for ever to commit its finish. Ratis makes a new window only with a
 * new client.
 */
final class ProposalClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalClient.class);

    private final Supplier<RaftClient> factory;
    /** Guarded by {@code this}. */
    private RaftClient current;
    private boolean closed;

    ProposalClient(Supplier<RaftClient> factory) {
        this.factory = factory;
        this.current = factory.get();
    }

    synchronized RaftClient get() {
        if (closed) {
            throw AtollException.unavailable("the Raft member is shutting down");
        }
        return current;
    }

    /**
     * After a request made on {@code used} failed: later requests go through a new client, unless another caller
     * already replaced {@code used}. Requests still pending on the old one fail; their callers see the outcome as
     * unknown, as for any failed proposal, and the records' guards make a retry safe.
     */
    void renewAfterFailure(RaftClient used, Throwable failure) {
        RaftClient old;
        synchronized (this) {
            if (closed || used != current) {
                return;
            }
            old = current;
            current = factory.get();
        }
        LOG.info("replacing the Raft client after a failed request ({}); Ratis fails every later request on it",
                failure.toString());
        closeQuietly(old);
    }

    @Override
    public void close() {
        RaftClient old;
        synchronized (this) {
            closed = true;
            old = current;
        }
        closeQuietly(old);
    }

    private static void closeQuietly(RaftClient client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("closing the Raft client failed", e);
        }
    }
}
