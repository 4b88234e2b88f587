package io.atoll.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
    @TempDir
    Path dir;

    private static byte[] body(long seq) {
        return ("op-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    private static List<WalRecord> all(WriteAheadLog wal, long after) throws IOException {
        List<WalRecord> out = new ArrayList<>();
        wal.replay(after, out::add);
        return out;
    }

    @Test
    void replaysEveryRecordAfterAReopenInOrder() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 200, true)) {
            for (long s = 1; s <= 50; s++) {
                wal.append(s, 3, body(s));
            }
            wal.sync(50);
            assertTrue(wal.segmentCount() > 1, "small segments roll over");
        }
        try (WriteAheadLog wal = new WriteAheadLog(dir, 200, true)) {
            assertEquals(50, wal.lastSeq());
            List<WalRecord> records = all(wal, 20);
            assertEquals(30, records.size());
            for (int i = 0; i < records.size(); i++) {
                assertEquals(21 + i, records.get(i).seq());
                assertEquals(3, records.get(i).term());
                assertArrayEquals(body(21 + i), records.get(i).body());
            }
            wal.append(51, 3, body(51));
            assertEquals(51, all(wal, 50).getFirst().seq());
        }
    }

    @Test
    void aTornTailIsCutOffAndAppendsContinueAfterIt() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            for (long s = 1; s <= 10; s++) {
                wal.append(s, 1, body(s));
            }
            wal.sync(10);
        }
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(size - 3); // a crash in the middle of writing the last record
        }
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            assertEquals(9, wal.lastSeq());
            wal.append(10, 1, body(10));
            wal.sync(10);
        }
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            assertEquals(10, all(wal, 0).size());
        }
    }

    @Test
    void aFlippedBitInTheTailRecordIsDetectedByItsChecksum() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            for (long s = 1; s <= 5; s++) {
                wal.append(s, 1, body(s));
            }
        }
        Path segment = onlySegment();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 0x40);
        }
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            assertEquals(4, wal.lastSeq());
        }
    }

    @Test
    void corruptionInAClosedSegmentFailsTheReplay() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 100, true)) {
            for (long s = 1; s <= 30; s++) {
                wal.append(s, 1, body(s));
            }
        }
        Path first;
        try (Stream<Path> s = Files.list(dir)) {
            first = s.sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.seek(12);
            f.write(0xFF);
        }
        try (WriteAheadLog wal = new WriteAheadLog(dir, 100, true)) {
            assertThrows(WalCorruptedException.class, () -> all(wal, 0));
        }
    }

    @Test
    void sequenceNumbersMustGrow() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            wal.append(5, 1, body(5));
            assertThrows(IllegalArgumentException.class, () -> wal.append(5, 1, body(5)));
            wal.append(9, 1, body(9));
            assertEquals(9, wal.lastSeq());
        }
    }

    @Test
    void truncationDropsOnlyCoveredSegmentsAndKeepsTheRetainedOnes() throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 100, true)) {
            for (long s = 1; s <= 60; s++) {
                wal.append(s, 1, body(s));
            }
            int before = wal.segmentCount();
            wal.truncateUpTo(40, 0);
            assertTrue(wal.segmentCount() < before);
            List<WalRecord> left = all(wal, 0);
            assertTrue(left.getFirst().seq() <= 41, "records after the commit point are kept");
            assertEquals(60, left.getLast().seq());
            int after = wal.segmentCount();
            wal.truncateUpTo(40, 0);
            assertEquals(after, wal.segmentCount());
        }
    }

    @Test
    void concurrentWritersShareFsyncsAndAllBecomeDurable() throws Exception {
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            AtomicLong seq = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        long s;
                        synchronized (seq) {
                            s = seq.incrementAndGet();
                            try {
                                wal.append(s, 1, body(s));
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        }
                        try {
                            wal.sync(s);
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                        assertTrue(wal.durableSeq() >= s);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1600, wal.durableSeq());
        }
        try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20, true)) {
            assertEquals(1600, all(wal, 0).size());
        }
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            assertEquals(1, files.size());
            return files.getFirst();
        }
    }
}
