package io.atoll.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica catching up reads its primary's log through a cursor, a bounded batch at a time. Found in review:
 * every batch of 512 records used to read the whole log tail again, so catching up was quadratic in the tail.
 */
class WalCursorTest {
    @TempDir
    Path dir;

    private static byte[] body(long seq) {
        return ("op-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    private static void append(WriteAheadLog wal, long from, long to) throws IOException {
        for (long s = from; s <= to; s++) {
            wal.append(s, 2, body(s));
        }
    }

    @Test
    void catchingUpReadsEachRecordOnceInBoundedBatchesAcrossSegments() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1000, true)) {
            append(wal, 1, 2000);
            assertTrue(wal.segmentCount() > 20, "small segments roll over: " + wal.segmentCount());
            WalCursor cursor = wal.cursor(100);
            long expected = 101;
            int batches = 0;
            for (List<WalRecord> batch = cursor.next(64, Long.MAX_VALUE); !batch.isEmpty(); batch = cursor.next(64, Long.MAX_VALUE)) {
                assertTrue(batch.size() <= 64);
                for (WalRecord r : batch) {
                    assertEquals(expected, r.seq());
                    assertArrayEquals(body(expected), r.body());
                    expected++;
                }
                batches++;
            }
            assertEquals(2001, expected);
            assertEquals(2000, cursor.position());
            assertEquals((1900 + 63) / 64, batches);
            // The records before the start are skipped once, in their segment; nothing is read twice.
            assertTrue(cursor.framesRead() <= 1900 + 100, "frames read: " + cursor.framesRead());
        }
    }

    @Test
    void aCursorFollowsTheLogAsItGrowsAndLimitsABatchByBytes() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            WalCursor cursor = wal.cursor(0);
            assertEquals(List.of(), cursor.next(10, Long.MAX_VALUE), "nothing logged yet");
            append(wal, 1, 5);
            assertEquals(5, cursor.next(10, Long.MAX_VALUE).size());
            append(wal, 6, 9);
            assertEquals(1, cursor.next(10, 1).size(), "at least one record, however small the byte limit");
            assertEquals(3, cursor.next(10, Long.MAX_VALUE).size());
            assertEquals(9, cursor.position());
        }
    }

    @Test
    void aCursorSaysWhenTheLogNoLongerHoldsItsNextRecord() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 500, true)) {
            append(wal, 1, 300);
            WalCursor behind = wal.cursor(10);
            assertEquals(5, behind.next(5, Long.MAX_VALUE).size());
            wal.truncateUpTo(250, 0);
            assertNull(behind.next(5, Long.MAX_VALUE), "the records after 15 were deleted");
            assertNull(wal.cursor(3).next(5, Long.MAX_VALUE));
            WalCursor recent = wal.cursor(299);
            assertEquals(300, recent.next(5, Long.MAX_VALUE).getFirst().seq());
        }
    }
}
