package io.atoll.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Operations as text for people: the table of {@code replicas list} and the block of {@code replicas status}. */
final class OperationText {
    private static final String[] HEADER = {"ID", "TYPE", "SHARD", "SOURCE -> TARGET", "STATE", "AGE", "LAST ERROR"};
    private static final int ERROR_WIDTH = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private OperationText() {
    }

    /** One row per operation, oldest first; with {@code history}, its earlier states under each row. */
    static String table(List<Operation> ops, long nowMillis, boolean history) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Operation op : ops) {
            rows.add(new String[] {op.id(), op.type(), op.collection() + "/" + op.shard(),
                op.source() + " -> " + op.target(), stateWithFlags(op), age(op, nowMillis),
                op.lastError().map(e -> abbreviate(e.message())).orElse("-")});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : String.format(Locale.ROOT, "%-" + width[c] + "s  ", row[c]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (history && r > 0) {
                for (String h : historyLines(ops.get(r - 1))) {
                    b.append("    ").append(h).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** Everything known of one operation, a field a line. */
    static String detail(Operation op, long nowMillis, boolean history) {
        StringBuilder b = new StringBuilder();
        field(b, "id", op.id());
        field(b, "type", op.type());
        field(b, "shard", op.collection() + "/" + op.shard());
        field(b, "nodes", op.source() + " -> " + op.target());
        field(b, "state", op.state() + " for " + Units.duration(nowMillis - op.status().sinceMillis()));
        field(b, "created", time(op.createdMillis()) + " (" + age(op, nowMillis) + " ago)");
        List<String> flags = new ArrayList<>();
        if (op.uncancelable()) {
            flags.add("uncancelable");
        }
        if (op.scheduledForCancel()) {
            flags.add("scheduled for cancel");
        }
        if (op.scheduledForDelete()) {
            flags.add("scheduled for delete");
        }
        if (!flags.isEmpty()) {
            field(b, "flags", String.join(", ", flags));
        }
        op.transfer().ifPresent(t -> {
            field(b, "transfer", t.method() + ", " + t.stage() + ", " + t.describe());
            if (t.error() != null) {
                field(b, "transfer error", t.error());
            }
        });
        List<Operation.Failure> errors = op.status().errors();
        if (!errors.isEmpty()) {
            field(b, "errors", "");
            errors.forEach(e -> b.append("  ").append(time(e.atMillis())).append("  ").append(e.message()).append('\n'));
        }
        if (history) {
            field(b, "history", op.history().isEmpty() ? "-" : "");
            historyLines(op).forEach(h -> b.append("  ").append(h).append('\n'));
        }
        return b.toString();
    }

    /** Each earlier state: when it began, how long it lasted, its errors. */
    private static List<String> historyLines(Operation op) {
        List<String> out = new ArrayList<>();
        List<Operation.Status> states = new ArrayList<>(op.history());
        states.add(op.status());
        for (int i = 0; i < states.size() - 1; i++) {
            Operation.Status s = states.get(i);
            long lasted = states.get(i + 1).sinceMillis() - s.sinceMillis();
            out.add(String.format(Locale.ROOT, "%-12s %s  for %s", s.state(), time(s.sinceMillis()),
                    Units.duration(lasted)));
            s.errors().forEach(e -> out.add("  error: " + e.message()));
        }
        return out;
    }

    private static void field(StringBuilder b, String name, String value) {
        String line = String.format(Locale.ROOT, "%-15s", name + ":") + value;
        b.append(line.stripTrailing()).append('\n');
    }

    private static String stateWithFlags(Operation op) {
        return op.state() + (op.scheduledForCancel() && !op.finished() ? " (cancelling)" : "")
                + (op.scheduledForDelete() ? " (deleting)" : "");
    }

    private static String age(Operation op, long nowMillis) {
        return op.createdMillis() > 0 ? Units.duration(nowMillis - op.createdMillis()) : "?";
    }

    private static String time(long millis) {
        return millis > 0 ? TIME.format(Instant.ofEpochMilli(millis)) : "?";
    }

    private static String abbreviate(String s) {
        String line = s.replace('\n', ' ');
        return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 3) + "...";
    }
}
