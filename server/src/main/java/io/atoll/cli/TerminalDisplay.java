package io.atoll.cli;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on a terminal: a live bar per running transfer (done/total in bytes or points, the server's rate and
 * ETA), drawn by the progressbar library into a {@link LiveRegion} so that state changes print above the bars
 * instead of through them. Called from one thread; the library redraws the bars from its own.
 */
final class TerminalDisplay implements ProgressDisplay {
    private static final int REDRAW_MILLIS = 200;

    private final PrintStream out;
    private final LiveRegion region;
    private final ProgressBarStyle style;
    private final Map<String, Bar> bars = new LinkedHashMap<>();

    /** A bar and what its scale was built for; the server's ETA is read by the library's thread. */
    private static final class Bar {
        final ProgressBar bar;
        final boolean inBytes;
        volatile Optional<Duration> eta = Optional.empty();

        Bar(ProgressBarBuilder builder, boolean inBytes) {
            this.inBytes = inBytes;
            this.bar = builder.setEtaFunction(state -> eta).build();
        }
    }

    /**
     * One bar's line in the region: the library's console consumer, kept for its terminal width, with the
     * rendered bar going to the region instead of straight to the stream.
     */
    private static final class RegionLine extends ConsoleProgressBarConsumer {
        private final LiveRegion region;
        private final LiveRegion.Slot slot;

        RegionLine(PrintStream out, LiveRegion region) {
            super(out);
            this.region = region;
            this.slot = region.open();
        }

        @Override
        public void accept(String rendered) {
            region.set(slot, rendered);
        }

        @Override
        public void close() {
            region.close(slot);
        }
    }

    TerminalDisplay(PrintStream out) {
        this.out = out;
        this.region = new LiveRegion(out);
        // block characters only where the terminal's encoding has them; '?' marks would make a poor bar
        Charset cs = out.charset();
        this.style = cs.equals(StandardCharsets.UTF_8) || cs.name().startsWith("UTF")
                ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII;
    }

    @Override
    public void line(String text) {
        region.println(text);
    }

    @Override
    public void progress(String id, String label, Operation.Transfer t, long runningMillis) {
        Bar b = bars.get(id);
        if (b != null && b.inBytes != t.inBytes()) {
            // the transfer changed what it counts (a new attempt): a bar's unit is fixed when it is built
            end(id, false);
            b = null;
        }
        if (b == null) {
            if (t.total() <= 0) {
                // a bar without a total would only bounce; the first counts come within a poll or two
                return;
            }
            b = new Bar(builder(label, t, runningMillis), t.inBytes());
            bars.put(id, b);
        }
        b.eta = t.etaSeconds().map(s -> Duration.ofMillis(Math.round(s * 1000)));
        if (t.total() > 0) {
            b.bar.maxHint(t.total());
        }
        b.bar.stepTo(t.done());
        b.bar.setExtraMessage(rate(t));
    }

    private ProgressBarBuilder builder(String label, Operation.Transfer t, long runningMillis) {
        ProgressBarBuilder pb = new ProgressBarBuilder().setTaskName(label).setStyle(style)
                .setInitialMax(t.total())
                .setUpdateIntervalMillis(REDRAW_MILLIS).continuousUpdate()
                // the elapsed time shown counts from the transfer's start, not from when this command saw it
                .startsFrom(0, Duration.ofMillis(Math.max(0, runningMillis)))
                .setConsumer(new RegionLine(out, region));
        if (!t.inBytes()) {
            return pb.setUnit(" points", 1);
        }
        long total = t.total();
        return total >= 10L << 20 ? pb.setUnit(" MiB", 1L << 20) : total >= 10L << 10 ? pb.setUnit(" KiB", 1L << 10)
                : pb.setUnit(" B", 1);
    }

    private static String rate(Operation.Transfer t) {
        long perSec = Math.round(t.perSecond());
        return t.inBytes() ? Units.bytes(perSec) + "/s" : perSec + " points/s";
    }

    @Override
    public void transferEnded(String id, boolean completed) {
        end(id, completed);
    }

    private void end(String id, boolean completed) {
        Bar b = bars.remove(id);
        if (b == null) {
            return;
        }
        if (completed) {
            // the operation moved past its transfer, so every byte arrived, though the last poll saw fewer
            b.eta = Optional.of(Duration.ZERO);
            if (b.bar.getMax() > 0) {
                b.bar.stepTo(b.bar.getMax());
            }
            b.bar.setExtraMessage("done");
        }
        // renders once more, then hands the final line to the region, where it stays
        b.bar.close();
    }

    @Override
    public void close() {
        for (String id : bars.keySet().toArray(String[]::new)) {
            end(id, false);
        }
        out.flush();
    }
}
