package io.atoll.replication;

import java.io.Closeable;

/**
 * Readers of a replica's files that must outlive the replica: a snapshot archive being written from them while the
 * replica is dropped (a move's source, a replica above the factor). Deleting the files under it failed the archive
 * with a 500; a dropped replica's files are deleted when the last hold lets go instead. Thread-safe.
 */
public final class FileHolds {
    private int holds;
    /** The deletion asked for while files were held; run by the last release. */
    private Runnable deletion;

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
            if (holds > 0 || deletion == null) {
                return;
            }
            run = deletion;
            deletion = null;
        }
        run.run(); // outside the lock: it deletes files
    }

    /** Runs {@code delete} now when nothing holds the files, else when the last hold is released. */
    public void deleteWhenReleased(Runnable delete) {
        synchronized (this) {
            if (holds > 0) {
                deletion = delete;
                return;
            }
        }
        delete.run();
    }
}
