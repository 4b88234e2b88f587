package io.atoll.api.rest;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: Atoll's own OpenAPI description of every route it serves, a hand-maintained resource
 * kept true by tests (each registered route is described and each described route served; every response of the
 * HTTP test suite is validated against it; its names are compared with Qdrant's). Read once; immutable.
 */
final class OpenApiRoutes {
    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the build left out " + RESOURCE + " next to " + OpenApiRoutes.class);
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    void register(RoutesConfig r) {
        r.get("/openapi.json", ctx -> ctx.status(200).contentType("application/json").result(document));
    }
}
