package io.atoll.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** The engine behind the Qdrant-compatible REST API of a separate server process. */
final class RestTarget implements Target {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final ServerProcess server;
    // HTTP/1.1 as Qdrant clients use it over plain http; the default would first try an h2c upgrade
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RestTarget(ServerProcess server) {
        this.server = server;
    }

    @Override
    public String name() {
        return "REST";
    }

    @Override
    public void createCollection(String collection, int dimension) {
        createCollection(collection, dimension, 0, 1);
    }

    /** {@code shards} 0 leaves shard_number to the server (one per node). */
    void createCollection(String collection, int dimension, int shards, int replicationFactor) {
        createCollection(collection, dimension, shards, replicationFactor, null);
    }

    /** {@code quantization}: a quantization_config as JSON, or null for none. */
    void createCollection(String collection, int dimension, int shards, int replicationFactor, String quantization) {
        byte[] body = json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("vectors");
            g.writeNumberField("size", dimension);
            g.writeStringField("distance", "Cosine");
            g.writeEndObject();
            if (quantization != null) {
                g.writeFieldName("quantization_config");
                g.writeRawValue(quantization);
            }
            if (shards > 0) {
                g.writeNumberField("shard_number", shards);
            }
            g.writeNumberField("replication_factor", replicationFactor);
            g.writeEndObject();
        });
        send("PUT", "/collections/" + collection, body);
    }

    @Override
    public void dropCollection(String collection) {
        send("DELETE", "/collections/" + collection, null);
    }

    @Override
    public Runnable prepareUpsert(String collection, Dataset data, int from, int to) {
        return prepareUpsert(collection, data, from, to, 0);
    }

    /** Like {@link #prepareUpsert(String, Dataset, int, int)}; {@code groups} > 0 adds {@code "g": id % groups}. */
    Runnable prepareUpsert(String collection, Dataset data, int from, int to, int groups) {
        byte[] body = json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("points");
            for (int i = from; i < to; i++) {
                g.writeStartObject();
                g.writeNumberField("id", i);
                writeVector(g, "vector", data.base()[i]);
                g.writeObjectFieldStart("payload");
                g.writeStringField("text", data.texts()[i]);
                if (groups > 0) {
                    g.writeNumberField("g", i % groups);
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        String path = "/collections/" + collection + "/points?wait=true";
        return () -> send("PUT", path, body);
    }

    @Override
    public Supplier<long[]> prepareSearch(String collection, float[] vector, int limit, int ef) {
        return prepareSearch(collection, vector, limit, ef, null);
    }

    /** A retrieve of one point with its payload, at {@code consistency} (null: the default). */
    Supplier<JsonNode> prepareRetrieve(String collection, long id, String consistency) {
        byte[] body = json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("ids");
            g.writeNumber(id);
            g.writeEndArray();
            g.writeBooleanField("with_payload", true);
            g.writeEndObject();
        });
        String path = "/collections/" + collection + "/points" + (consistency == null ? "" : "?consistency=" + consistency);
        return () -> send("POST", path, body);
    }

    /** A search at {@code consistency} (null: the default). */
    Supplier<long[]> prepareSearch(String collection, float[] vector, int limit, int ef, String consistency) {
        return prepareSearch(collection, vector, limit, ef, consistency, null);
    }

    /** A search with {@code params.quantization} given as JSON (null: none). */
    Supplier<long[]> prepareSearch(String collection, float[] vector, int limit, int ef, String consistency,
                                   String quantization) {
        String path = "/collections/" + collection + "/points/search"
                + (consistency == null ? "" : "?consistency=" + consistency);
        return search(path, searchBody(vector, limit, ef, quantization == null ? null : "quantization", quantization,
                null));
    }

    /** A search under {@code filter} (JSON), with one more {@code params} field {@code hint} (null: none). */
    Supplier<long[]> prepareFilteredSearch(String collection, float[] vector, int limit, int ef, String filter,
                                           String hint, String hintJson) {
        return search("/collections/" + collection + "/points/search",
                searchBody(vector, limit, ef, hint, hintJson, filter));
    }

    /** A request whose body the caller wrote (points of its own shape); the answer. */
    JsonNode call(String method, String path, byte[] body) {
        return send(method, path, body);
    }

    /** A {@code POST /points/query} with the caller's body; the ids found, best first. */
    Supplier<long[]> prepareQuery(String collection, byte[] body) {
        String path = "/collections/" + collection + "/points/query";
        return () -> {
            JsonNode points = send("POST", path, body).get("result").get("points");
            long[] ids = new long[points.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = points.get(i).get("id").asLong();
            }
            return ids;
        };
    }

    private Supplier<long[]> search(String path, byte[] body) {
        return () -> {
            JsonNode result = send("POST", path, body).get("result");
            long[] ids = new long[result.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = result.get(i).get("id").asLong();
            }
            return ids;
        };
    }

    /** The body of a search request: {@code {"vector":[...],"limit":L,"params":{"hnsw_ef":E}}}. */
    static byte[] searchBody(float[] vector, int limit, int ef) {
        return searchBody(vector, limit, ef, null, null, null);
    }

    /** {@code hint} names one more {@code params} field, {@code hintJson} its value; {@code filter} is JSON. */
    private static byte[] searchBody(float[] vector, int limit, int ef, String hint, String hintJson, String filter) {
        return json(g -> {
            g.writeStartObject();
            writeVector(g, "vector", vector);
            g.writeNumberField("limit", limit);
            if (filter != null) {
                g.writeFieldName("filter");
                g.writeRawValue(filter);
            }
            g.writeObjectFieldStart("params");
            g.writeNumberField("hnsw_ef", ef);
            if (hint != null) {
                g.writeFieldName(hint);
                g.writeRawValue(hintJson);
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    String url() {
        return server.url();
    }

    @Override
    public int segments(String collection) {
        return send("GET", "/collections/" + collection, null).get("result").get("segments_count").asInt();
    }

    @Override
    public Duration engineCpuTime() {
        return server.cpuTime();
    }

    private JsonNode send(String method, String path, byte[] body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").method(method, publisher).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed"
                    + (server.isAlive() ? "" : "; the server died:\n" + server.logTail()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer to " + method + " " + path, e);
        }
    }

    interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] json(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void writeVector(JsonGenerator g, String field, float[] v) throws IOException {
        g.writeArrayFieldStart(field);
        for (float x : v) {
            g.writeNumber(x);
        }
        g.writeEndArray();
    }

    /** The server is owned by the caller, which kills it; only the client is released here. */
    @Override
    public void close() {
        http.close();
    }
}
