package io.atoll.api.rest;

import io.atoll.api.telemetry.RequestTelemetry;
import io.atoll.cluster.control.ClusterController;
import io.atoll.cluster.control.ShardControl;
import io.atoll.cluster.control.CollectionController;
import io.atoll.cluster.control.ReplicationController;
import io.atoll.cluster.control.manage.ManagementController;
import io.atoll.collection.CollectionRegistry;
import io.atoll.error.AtollException;
import io.atoll.security.Gate;
import io.atoll.snapshot.Snapshots;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Qdrant-compatible REST API on Javalin (Jetty). Every failure leaves as Qdrant's error envelope: user
 * mistakes as 4xx naming the problem, internal faults as 500 after being logged with their context.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    private final Javalin app;

    public RestServer(NodeInfo node, CollectionRegistry registry, CollectionController collectionControl,
                      ClusterController clusterControl, ShardControl shards,
                      ReplicationController replication, ManagementController management, PeerProbe probe,
                      NodeDataPlane dataPlane, Snapshots snapshots, RequestTelemetry telemetry, Gate gate,
                      HttpListener listener, BooleanSupplier ready) {
        RestMetrics metrics = new RestMetrics(node, registry, clusterControl, dataPlane.counters(), telemetry.rest());
        RestAuth auth = new RestAuth(gate);
        ServiceRoutes service = new ServiceRoutes(node, registry, clusterControl, metrics, telemetry, ready);
        CollectionRoutes collections = new CollectionRoutes(registry, collectionControl);
        PointRoutes points = new PointRoutes(registry);
        ReadRoutes reads = new ReadRoutes(registry);
        ExampleRoutes examples = new ExampleRoutes(registry);
        SummaryRoutes summaries = new SummaryRoutes(registry);
        GroupRoutes groups = new GroupRoutes(registry);
        ClusterRoutes cluster = new ClusterRoutes(registry, clusterControl, shards, dataPlane.transferRate());
        ReplicationRoutes replicationRoutes = new ReplicationRoutes(replication);
        ManagementRoutes managementRoutes = new ManagementRoutes(management);
        WeaviateRoutes weaviate = new WeaviateRoutes(node, registry, clusterControl::image, probe, ready);
        SnapshotRoutes snapshotRoutes = new SnapshotRoutes(snapshots);
        ReportRoutes reports = new ReportRoutes(registry);
        OpenApiRoutes openApi = new OpenApiRoutes();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = listener.host();
            config.jetty.port = listener.port();
            config.http.maxRequestSize = listener.maxRequestBytes();
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(listener.maxHeaderBytes()));
            if (listener.tls() != null) {
                config.jetty.addConnector((server, http) -> HttpsConnector.of(server, http, listener));
            }
            // Snapshot uploads are as large as snapshots: no size limit, kept on the snapshot directory's disk.
            config.jetty.multipartConfig.cacheDirectory(snapshots.uploadDirectory().toString());
            config.jetty.multipartConfig.maxFileSize(-1, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(-1, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            config.jetty.modifyServer(server -> server.setErrorHandler(new EnvelopeErrorHandler()));
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.routes.before(Http::markStart);
            auth.register(config.routes);
            config.routes.after(ctx -> metrics.record(ctx.method().name(), Http.endpointOf(ctx), ctx.statusCode(),
                    Http.elapsedNanos(ctx)));
            service.register(config.routes);
            collections.register(config.routes);
            points.register(config.routes);
            reads.register(config.routes);
            examples.register(config.routes);
            summaries.register(config.routes);
            groups.register(config.routes);
            cluster.register(config.routes);
            replicationRoutes.register(config.routes);
            managementRoutes.register(config.routes);
            weaviate.register(config.routes);
            snapshotRoutes.register(config.routes);
            reports.register(config.routes);
            openApi.register(config.routes);
            // Weaviate's endpoints (under /v1/) answer in Weaviate's error body, the rest in Qdrant's envelope.
            config.routes.exception(AtollException.class, (e, ctx) -> {
                if (WeaviateHttp.serves(ctx)) {
                    WeaviateHttp.failure(ctx, e);
                } else {
                    Http.failure(ctx, e);
                }
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    e.getStatus() == 413 ? "Payload too large: the request body exceeds " + listener.maxRequestBytes() + " bytes" : e.getMessage()));
            config.routes.exception(UncheckedIOException.class, (e, ctx) -> internal(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> internal(ctx, e));
            config.routes.error(404, ctx -> {
                if (ctx.endpoints().matchedHttpEndpoint() == null) {
                    error(ctx, 404, "Not found: no such endpoint " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> {
                if (ctx.endpoints().matchedHttpEndpoint() == null) {
                    error(ctx, 405, "Method " + ctx.method() + " is not allowed on " + ctx.path());
                }
            });
        });
        AccessRules.requireCovering(routes());
    }

    private static void internal(Context ctx, Exception e) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "Service internal error: " + e.getMessage());
    }

    private static void error(Context ctx, int status, String message) {
        if (WeaviateHttp.serves(ctx)) {
            WeaviateHttp.error(ctx, status, message);
        } else {
            Http.error(ctx, status, message);
        }
    }

    public RestServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /**
     * Every route registered, as "METHOD /path/{param}": what the OpenAPI description must cover (its test
     * compares the two, so a route added without its description fails the build).
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).sorted().toList();
    }

    @Override
    public void close() {
        app.stop();
    }
}
