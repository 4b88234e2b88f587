package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.server.AtollNode;
import io.atoll.server.ConfigLoader;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.OpenApiContract;
import io.atoll.testing.RestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} is checked against the code: on a real node (started in this JVM, so that its Javalin
 * router can be asked), every route registered is described with its method and every described operation is
 * registered, and the document served is the resource the tests validate responses against.
 */
class OpenApiDocumentTest {
    private static Path dir;
    private static AtollNode node;
    private static RestClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("atoll-openapi-");
        int[] ports = AtollProcess.freePorts(3);
        node = AtollNode.start(ConfigLoader.load(null, Map.of(), Map.of(
                "service.host", "127.0.0.1",
                "service.http_port", Integer.toString(ports[0]),
                "service.grpc_port", Integer.toString(ports[1]),
                "cluster.p2p.port", Integer.toString(ports[2]),
                "cluster.uri", "http://127.0.0.1:" + ports[2],
                "storage.storage_path", dir.resolve("node").toString())));
        client = new RestClient("http://127.0.0.1:" + ports[0]);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyRouteServedIsDescribedAndEveryDescribedRouteIsServed() {
        TreeSet<String> served = new TreeSet<>();
        node.rest().routes().forEach(r -> served.add(normalized(r)));
        TreeSet<String> described = new TreeSet<>();
        OpenApiContract.ATOLL.operations().forEach(o -> described.add(normalized(o)));
        List<String> undescribed = new ArrayList<>(served);
        undescribed.removeAll(described);
        List<String> stale = new ArrayList<>(described);
        stale.removeAll(served);
        assertTrue(undescribed.isEmpty(), "routes the server registers but openapi.json does not describe: "
                + undescribed);
        assertTrue(stale.isEmpty(), "operations openapi.json describes but the server does not serve: " + stale);
    }

    @Test
    void theDocumentServedIsTheOneResponsesAreValidatedAgainst() {
        RestClient.Response r = client.get("/openapi.json");
        assertEquals(200, r.status());
        assertEquals(OpenApiContract.ATOLL.document(), r.json());
        JsonNode info = r.json().path("info");
        assertEquals("3.0.3", r.json().path("openapi").asText());
        assertTrue(info.path("title").asText().startsWith("Atoll"), info.toString());
    }

    /** "GET /collections/{collection_name}" and Javalin's "GET /collections/{name}" are the same operation. */
    private static String normalized(String operation) {
        return operation.replaceAll("\\{[^}/]*}", "{}");
    }
}
