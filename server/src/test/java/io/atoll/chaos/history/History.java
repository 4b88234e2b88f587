package io.atoll.chaos.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every operation of a run, in the order events happened, kept in memory for the checkers and written as JSON
 * lines as it goes, so that a run cut short still leaves its history. Thread-safe: clients record concurrently.
 */
public final class History implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long start = System.nanoTime();
    private final List<Op> ops = new ArrayList<>();
    private final BufferedWriter out;

    public History(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file);
    }

    public Op invoke(int process, String f, String key, Object value) {
        return add(process, Op.Type.INVOKE, f, key, value, null);
    }

    /** Records how {@code invoked} ended: OK with its result, FAIL or INFO with the reason. */
    public Op complete(Op invoked, Op.Type type, Object value, String error) {
        return add(invoked.process(), type, invoked.f(), invoked.key(), value, error);
    }

    /** Something the nemesis did (process -1), as one event with no completion. */
    public void nemesis(String f, String key, Object value) {
        add(-1, Op.Type.INFO, f, key, value, null);
    }

    private synchronized Op add(int process, Op.Type type, String f, String key, Object value, String error) {
        Op op = new Op(ops.size(), System.nanoTime() - start, process, type, f, key, value, error);
        ops.add(op);
        try {
            out.write(JSON.writeValueAsString(op));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return op;
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** Client operations invoked so far (nemesis events not counted). */
    public synchronized long invocations() {
        return ops.stream().filter(o -> o.type() == Op.Type.INVOKE).count();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
