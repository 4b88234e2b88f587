package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.testing.AtollProcess;
import io.atoll.testing.RestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void serverAnswersRoot() throws Exception {
        try (AtollProcess node = AtollProcess.start(dir.resolve("node"))) {
            RestClient.Response r = node.client().get("/");
            assertEquals(200, r.status());
            assertEquals("atoll - vector search engine", r.json().get("title").asText());
        }
    }
}
