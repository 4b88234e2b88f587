package io.atoll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the progress output writes, byte for byte: plain lines every 2 s and at each new stage, and the terminal's
 * region.
 */
class ProgressOutputTest {
    private static final Operation.Transfer HALF = new Operation.Transfer("snapshot", "transferring", 10, 20, 5,
            512 * 1024, 1024 * 1024, 256 * 1024, Optional.of(2.4), null);

    @Test
    void plainOutputPrintsATransferEveryTwoSecondsAtEachNewStageAndAtItsEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        PlainDisplay plain = new PlainDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);
        plain.progress("a", "move c/0 1 -> 2", HALF, 0);
        now.addAndGet(1_999_000_000L);
        plain.progress("a", "move c/0 1 -> 2", HALF, 0);
        now.addAndGet(1_000_000L);
        plain.progress("a", "move c/0 1 -> 2", HALF, 0);
        Operation.Transfer recovering = new Operation.Transfer("snapshot", "recovering", 0, 0, 0, 1024 * 1024,
                1024 * 1024, 256 * 1024, Optional.of(0.0), null);
        plain.progress("a", "move c/0 1 -> 2", recovering, 0);
        plain.line("move c/0 1 -> 2: HYDRATING -> FINALIZING");
        plain.transferEnded("a", true);
        String line = "move c/0 1 -> 2: transferring (snapshot, transferring) 50% 0.5/1.0 MiB 256.0 KiB/s ETA 2s\n";
        assertEquals(line + line
                + "move c/0 1 -> 2: transferring (snapshot, recovering) 100% 1.0/1.0 MiB 256.0 KiB/s ETA <1s\n"
                + "move c/0 1 -> 2: HYDRATING -> FINALIZING\n"
                + "move c/0 1 -> 2: transfer done, 100% of 1.0 MiB\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLineThatStaysIsPrintedAboveTheLiveLinesWhichAreRedrawnBelowIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LiveRegion region = new LiveRegion(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        LiveRegion.Slot bar = region.open();
        region.set(bar, "bar 10%");
        region.println("HYDRATING");
        region.set(bar, "bar 50%");
        region.close(bar);
        String k = "\u001b[K";
        String j = "\u001b[J";
        String up = "\r\u001b[1A";
        assertEquals(k + "\n" + j                             // the empty new line
                + up + "bar 10%" + k + "\n" + j               // redrawn in place
                + up + "HYDRATING" + k + "\n" + "bar 10%" + k + "\n" + j
                + up + "bar 50%" + k + "\n" + j
                + up + "bar 50%" + k + "\n" + j,              // left above, out of the region
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unitsReadAsPeopleReadThem() {
        assertEquals("512 B", Units.bytes(512));
        assertEquals("12.3 MiB", Units.bytes(12_900_000));
        assertEquals("40.2/88.0 MiB", Units.bytes(42_152_755, 88L << 20));
        assertEquals("<1s", Units.seconds(0.4));
        assertEquals("1m05s", Units.duration(65_000));
        assertEquals("2h03m", Units.duration((2 * 3600 + 3 * 60) * 1000L));
    }
}
