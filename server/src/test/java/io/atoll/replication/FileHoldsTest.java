package io.atoll.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A dropped replica's files go when nothing reads them: at once, or once the last snapshot archive is done. */
class FileHoldsTest {
    @Test
    void filesAreDeletedAtOnceWhenNothingHoldsThem() {
        FileHolds holds = new FileHolds();
        AtomicInteger deleted = new AtomicInteger();
        assertFalse(holds.heldUntil(deleted::incrementAndGet), "delete now");
        assertEquals(0, deleted.get());
    }

    @Test
    void heldFilesAreDeletedWhenTheLastHoldIsReleasedOnce() throws Exception {
        FileHolds holds = new FileHolds();
        AtomicInteger deleted = new AtomicInteger();
        Closeable first = holds.hold();
        Closeable second = holds.hold();
        assertTrue(holds.heldUntil(deleted::incrementAndGet));
        assertEquals(0, deleted.get(), "two archives read the files");
        first.close();
        first.close(); // closing twice releases once
        assertEquals(0, deleted.get(), "one archive still reads them");
        second.close();
        assertEquals(1, deleted.get());
        second.close();
        holds.hold().close();
        assertEquals(1, deleted.get(), "deleted once, and not again by a later hold");
    }
}
