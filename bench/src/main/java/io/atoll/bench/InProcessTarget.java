package io.atoll.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.atoll.operation.PointsUpdate;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import io.atoll.server.AtollNode;
import io.atoll.server.ConfigLoader;
import io.atoll.query.VectorQuery;
import io.atoll.point.VectorValue;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The same engine in this JVM, called directly through its {@link io.atoll.collection.CollectionRegistry}. The
 * registry is opened by an {@link AtollNode} with the server's default configuration, so the indexing pool, the
 * storage settings (WAL fsync, refresh interval) and the background refresh and flush are the server's; its REST
 * port is bound but never used.
 */
final class InProcessTarget implements Target {
    private final AtollNode node;
    private final AtomicBoolean closed = new AtomicBoolean();

    private InProcessTarget(AtollNode node) {
        this.node = node;
    }

    /** Closed by {@code cleanup} too, before its storage is deleted, when the run is cut short. */
    static InProcessTarget open(Path storage, Cleanup cleanup) throws IOException {
        var config = ConfigLoader.load(null, System.getenv(), Map.of(
                "storage.storage_path", storage.toString(), "service.host", "127.0.0.1", "service.http_port", "0",
                "service.grpc_port", "0", "cluster.p2p.port", Integer.toString(ServerProcess.freePort())));
        InProcessTarget target = new InProcessTarget(AtollNode.start(config));
        cleanup.add(target::close);
        return target;
    }

    @Override
    public String name() {
        return "in-process";
    }

    /** The params PUT /collections/{c} with {"vectors":{"size":dim,"distance":"Cosine"}} creates on one node. */
    @Override
    public void createCollection(String collection, int dimension) {
        TreeMap<String, VectorParams> vectors = new TreeMap<>(Map.of(PointStruct.DEFAULT_VECTOR,
                new VectorParams(dimension, Distance.COSINE, null, false)));
        node.collections().create(collection, new CollectionParams(vectors, false, 1, 1, 1, true, HnswConfig.DEFAULT,
                new TreeMap<>(), null, null));
    }

    @Override
    public void dropCollection(String collection) {
        node.collections().delete(collection);
    }

    @Override
    public Runnable prepareUpsert(String collection, Dataset data, int from, int to) {
        List<PointStruct> points = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            points.add(new PointStruct(PointId.of(i), Map.of(PointStruct.DEFAULT_VECTOR,
                    VectorValue.of(data.base()[i])),
                    JsonNodeFactory.instance.objectNode().put("text", data.texts()[i])));
        }
        PointsUpdate.Upsert upsert = new PointsUpdate.Upsert(points);
        return () -> node.registry().get(collection).update(upsert, true);
    }

    @Override
    public Supplier<long[]> prepareSearch(String collection, float[] vector, int limit, int ef) {
        VectorQuery q = new VectorQuery(PointStruct.DEFAULT_VECTOR, vector, null, limit, 0, null, ef, false,
                PayloadSelector.NONE, VectorSelector.NONE, Set.of(), null, null);
        return () -> {
            List<ScoredPoint> found = node.registry().get(collection).search(q);
            long[] ids = new long[found.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = ((PointId.Num) found.get(i).id()).value();
            }
            return ids;
        };
    }

    @Override
    public int segments(String collection) {
        return node.registry().get(collection).stats().segmentsCount();
    }

    @Override
    public Duration engineCpuTime() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Duration.ofNanos(os.getProcessCpuTime());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            node.close();
        }
    }
}
