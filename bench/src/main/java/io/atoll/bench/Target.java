package io.atoll.bench;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the benchmark measures: one Atoll engine, reached through REST or called in-process. A call is prepared
 * first (request JSON, or points and query objects) and only the prepared call is timed, so both targets are
 * timed over the same work: the engine plus, for REST, HTTP and the server's parsing and encoding.
 */
interface Target extends AutoCloseable {
    String name();

    void createCollection(String collection, int dimension);

    void dropCollection(String collection);

    /** A prepared upsert of {@code points[from, to)} (ids are row numbers, payload {"text": ...}) with wait=true. */
    Runnable prepareUpsert(String collection, Dataset data, int from, int to);

    /** A prepared search for the ids of the {@code limit} nearest points with the given hnsw_ef. */
    Supplier<long[]> prepareSearch(String collection, float[] vector, int limit, int ef);

    /** Index segments of the collection (each one is a separate HNSW graph that every search visits). */
    int segments(String collection);

    /** CPU time used so far by the process that runs the engine; background merges show up here. */
    Duration engineCpuTime();

    @Override
    void close() throws Exception;
}
