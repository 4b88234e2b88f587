package io.atoll.snapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The snapshot creations and recoveries running on this node, and the last ones that ended, with how far each has
 * come and when it should end: {@code GET /snapshots/tasks} and the CLI's progress bar read them. Thread-safe.
 */
public final class SnapshotTasks {
    private static final int KEPT_ENDED = 32;

    /**
     * One task as reported.
     *
     * @param unit       what done and total count: "bytes" while files are written or read, "points" while
     *                   points are written back
     * @param etaSeconds at the rate so far; null until there is a rate, or once ended
     */
    public record View(long id, String kind, String target, String stage, String unit, long done, long total,
                       long startedAtMillis, Double etaSeconds, String status, String error) {
    }

    /** A running task's handle: its stages and counts are set by the one thread that does it. */
    public final class Task {
        private final long id;
        private final String kind;
        private final String target;
        private final long startedNanos = nanos.getAsLong();
        private final long startedAtMillis = System.currentTimeMillis();
        private volatile String stage = "starting";
        private volatile String unit = "bytes";
        private final AtomicLong done = new AtomicLong();
        private volatile long total;
        private volatile long stageStartNanos = startedNanos;
        private volatile String status = "running";
        private volatile String error;

        private Task(long id, String kind, String target) {
            this.id = id;
            this.kind = kind;
            this.target = target;
        }

        /** A new stage counting {@code unitName} up to {@code stageTotal}. */
        public void stage(String name, String unitName, long stageTotal) {
            stage = name;
            unit = unitName;
            total = stageTotal;
            done.set(0);
            stageStartNanos = nanos.getAsLong();
        }

        public void add(long n) {
            done.addAndGet(n);
        }

        public void total(long n) {
            total = n;
        }

        void succeeded() {
            end("succeeded", null);
        }

        void failed(Throwable e) {
            end("failed", e.getMessage());
        }

        private void end(String how, String why) {
            status = how;
            error = why;
            synchronized (SnapshotTasks.this) {
                running.remove(this);
                ended.addFirst(this);
                while (ended.size() > KEPT_ENDED) {
                    ended.removeLast();
                }
            }
        }

        View view() {
            long d = done.get();
            long t = total;
            Double eta = null;
            double elapsed = (nanos.getAsLong() - stageStartNanos) / 1e9;
            if (status.equals("running") && d > 0 && t >= d && elapsed > 0) {
                eta = (t - d) / (d / elapsed);
            }
            return new View(id, kind, target, stage, unit, d, t, startedAtMillis, eta, status, error);
        }
    }

    private final LongSupplier nanos;
    private final AtomicLong ids = new AtomicLong();
    private final List<Task> running = new ArrayList<>();
    private final Deque<Task> ended = new ArrayDeque<>();

    public SnapshotTasks() {
        this(System::nanoTime);
    }

    SnapshotTasks(LongSupplier nanos) {
        this.nanos = nanos;
    }

    synchronized Task start(String kind, String target) {
        Task t = new Task(ids.incrementAndGet(), kind, target);
        running.add(t);
        return t;
    }

    /** Running tasks first (oldest first), then those that ended (newest first). */
    public synchronized List<View> list() {
        List<View> out = new ArrayList<>();
        running.forEach(t -> out.add(t.view()));
        ended.forEach(t -> out.add(t.view()));
        return out;
    }
}
