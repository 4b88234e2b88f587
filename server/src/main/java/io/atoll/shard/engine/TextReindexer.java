package io.atoll.shard.engine;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, on a thread of its own, the rounds that analyse again the points whose full text was indexed under other
 * options than their text index has now (created or changed since), until none is left. Reads stay right
 * meanwhile (those points are matched on their payload); this only makes them fast again. Thread-safe.
 */
final class TextReindexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TextReindexer.class);

    /** One bounded step of the work; true while some remains. */
    interface Round {
        boolean run() throws IOException;
    }

    private final Round round;
    private final String name;
    /** Guarded by this. */
    private Thread thread;
    private boolean wanted;
    private boolean closed;

    TextReindexer(String name, Round round) {
        this.name = name;
        this.round = round;
    }

    /** Starts the rounds, or has the running ones look again once they are done. */
    synchronized void wake() {
        wanted = true;
        if (thread == null && !closed) {
            thread = Thread.ofVirtual().name("text-reindex " + name).start(this::loop);
        }
    }

    private void loop() {
        while (true) {
            synchronized (this) {
                if (closed || !wanted) {
                    thread = null;
                    return;
                }
                wanted = false;
            }
            try {
                while (!isClosed() && round.run()) {
                    Thread.onSpinWait();
                }
            } catch (IOException | RuntimeException e) {
                // Reads stay right (stale points are checked on their payload); the next params change tries again.
                LOG.error("shard {}: analysing full text again failed; filters on the changed text indexes stay "
                        + "slower until the next change of the collection's params or a restart", name, e);
                synchronized (this) {
                    thread = null;
                    return;
                }
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops after the round under way (each is short) and waits for it. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
