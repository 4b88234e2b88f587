package io.atoll.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for output that is not a terminal: one line per running transfer every two seconds
 * (stage, percent, rate, ETA) and when its stage changes, so that a log shows the transfer moving without a line
 * per poll. Not thread-safe.
 */
final class PlainDisplay implements ProgressDisplay {
    static final long EVERY_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastPrinted = new HashMap<>();
    private final Map<String, Last> last = new HashMap<>();

    private record Last(String label, Operation.Transfer transfer) {
    }

    PlainDisplay(PrintStream out) {
        this(out, System::nanoTime);
    }

    PlainDisplay(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public void line(String text) {
        out.println(text);
    }

    @Override
    public void progress(String id, String label, Operation.Transfer transfer, long runningMillis) {
        Last previous = last.put(id, new Last(label, transfer));
        long now = nanoTime.getAsLong();
        Long before = lastPrinted.get(id);
        // a new stage prints at once: there are few, and each says what the transfer is doing now
        if (before == null || now - before >= EVERY_NANOS || !previous.transfer().stage().equals(transfer.stage())) {
            lastPrinted.put(id, now);
            out.println(label + ": transferring (" + transfer.method() + ", " + transfer.stage() + ") "
                    + transfer.describe());
        }
    }

    @Override
    public void transferEnded(String id, boolean completed) {
        Last l = last.remove(id);
        lastPrinted.remove(id);
        if (l == null) {
            return;
        }
        Operation.Transfer t = l.transfer();
        String amount = t.total() <= 0 ? "" : ", 100% of " + (t.inBytes() ? Units.bytes(t.total()) : t.total() + " points");
        out.println(l.label() + ": " + (completed ? "transfer done" + amount : "transfer stopped at " + t.describe()));
    }

    @Override
    public void close() {
        out.flush();
    }
}
