package io.atoll.replication;

import java.io.Closeable;

/**
 * Readers of a replica's files that must outlive the replica: a snapshot archive being written from them while the
 * replica is dropped (a move's source, a replica above the factor). Deleting the files under it failed the archive
 * with a 500; a dropped replica's files are deleted when the last hold lets go instead. Thread-safe.
 */
public final class FileHolds {
    private int holds;
    /** Asked for while the files were held; run by the last release. */
    private Runnable onReleased;

    /** Holds the files until the returned handle is closed (closing it again is harmless). */
    public synchronized Closeable hold() {
        holds++;
        boolean[] released = {false};
        return () -> {
            synchronized (released) {
                if (released[0]) {
                    return;
                }
                released[0] = true;
            }
            release();
        };
    }

    private void release() {
        Runnable run;
        synchronized (this) {
            holds--;
            if (holds > 0 || onReleased == null) {
                return;
            }
            run = onReleased;
            onReleased = null;
        }
        run.run(); // outside the lock, on the thread of the last release
    }

    /**
     * Whether something holds the files now; if so, {@code onReleased} runs when the last hold is released (on that
     * thread), and the caller deletes the files then rather than now.
     */
    public synchronized boolean heldUntil(Runnable onReleased) {
        if (holds == 0) {
            return false;
        }
        this.onReleased = onReleased;
        return true;
    }
}
