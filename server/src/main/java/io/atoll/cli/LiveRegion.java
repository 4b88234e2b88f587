package io.atoll.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bottom lines of a terminal, redrawn in place, that hold live progress bars, with lines that stay (state
 * changes) printed above them. Each redraw moves the cursor back up over the region and writes it again, so a
 * line must fit the terminal's width: a wrapped line would throw the count of lines to go back off. Thread-safe:
 * the progress bar library renders from its own thread while the follower prints state changes.
 */
final class LiveRegion {
    private static final String ESC = "\u001b[";
    private static final String CLEAR_TO_END_OF_LINE = ESC + "K";
    private static final String CLEAR_TO_END_OF_SCREEN = ESC + "J";

    private final PrintStream out;
    private final List<Slot> slots = new ArrayList<>();
    private int drawn;

    /** One line of the region; its text is replaced as a whole. */
    static final class Slot {
        private String text = "";
    }

    LiveRegion(PrintStream out) {
        this.out = out;
    }

    /** A new line at the bottom of the region. */
    synchronized Slot open() {
        Slot s = new Slot();
        slots.add(s);
        redraw(null);
        return s;
    }

    synchronized void set(Slot slot, String text) {
        slot.text = text;
        if (slots.contains(slot)) {
            redraw(null);
        }
    }

    /** Takes the line out of the region and prints its last text above it, where it stays. */
    synchronized void close(Slot slot) {
        if (slots.remove(slot)) {
            redraw(slot.text);
        }
    }

    /** Prints a line that stays above the live region. */
    synchronized void println(String text) {
        redraw(text);
    }

    /** Goes back to the region's first line, prints {@code above} (if any) there, then every live line. */
    private void redraw(String above) {
        StringBuilder b = new StringBuilder();
        if (drawn > 0) {
            b.append('\r').append(ESC).append(drawn).append('A');
        }
        if (above != null) {
            b.append(above).append(CLEAR_TO_END_OF_LINE).append('\n');
        }
        for (Slot s : slots) {
            b.append(s.text).append(CLEAR_TO_END_OF_LINE).append('\n');
        }
        // a region that shrank leaves its old last lines below the cursor
        b.append(CLEAR_TO_END_OF_SCREEN);
        drawn = slots.size();
        out.print(b);
        out.flush();
    }
}
