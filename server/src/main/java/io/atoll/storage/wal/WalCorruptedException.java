package io.atoll.storage.wal;

import java.io.IOException;

/** A WAL record failed its checksum or framing somewhere other than the torn tail of the last segment. */
public final class WalCorruptedException extends IOException {
    public WalCorruptedException(String message) {
        super(message);
    }
}
