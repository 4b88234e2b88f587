package io.atoll.shard;

import io.atoll.storage.wal.WalCursor;
import io.atoll.storage.wal.WalRecord;
import java.io.IOException;
import java.util.List;

/**
 * Reads a replica's logged records in order, a bounded batch at a time, each batch continuing where the last one
 * ended. Not thread-safe: one reader.
 */
public final class LogCursor {
    private final WalCursor cursor;

    LogCursor(WalCursor cursor) {
        this.cursor = cursor;
    }

    /** The seq of the last record handed out. */
    public long position() {
        return cursor.position();
    }

    /**
     * The next records, at most {@code maxRecords} and about {@code maxBytes}: empty when there are none yet, null
     * when the log no longer holds the next one.
     */
    public List<LoggedOp> next(int maxRecords, long maxBytes) throws IOException {
        List<WalRecord> records = cursor.next(maxRecords, maxBytes);
        return records == null ? null : records.stream().map(r -> new LoggedOp(r.seq(), r.term(), r.body())).toList();
    }
}
