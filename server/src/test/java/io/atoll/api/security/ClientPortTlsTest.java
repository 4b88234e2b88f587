package io.atoll.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atoll.security.tls.TlsFiles;
import io.atoll.security.tls.TlsMaterial;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestPki;
import io.atoll.testing.TlsHandshakes;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Points;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client ports over TLS: Qdrant's Java client over gRPC with an API key, trusting a CA the test makes with
 * openssl; and a certificate replaced on disk reaching new HTTPS and gRPC connections without a restart.
 */
class ClientPortTlsTest {
    @TempDir
    Path dir;

    @Test
    void qdrantsJavaClientSpeaksTlsWithAKey() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        TestPki.Leaf leaf = pki.leaf("node");
        Path config = Files.writeString(dir.resolve("node.yaml"), "service:\n  api_key: grpc-key\n  enable_tls: true\n"
                + "tls:\n  cert: " + leaf.cert() + "\n  key: " + leaf.key() + "\n");
        try (AtollProcess node = AtollProcess.startHttps(dir.resolve("node"), pki.clientTrust(), "--config",
                config.toString())) {
            try (QdrantClient client = client(node, pki, "grpc-key")) {
                client.createCollectionAsync("tls", Collections.VectorParams.newBuilder().setSize(2)
                        .setDistance(Collections.Distance.Dot).build()).get();
                client.upsertAsync("tls", List.of(Points.PointStruct.newBuilder().setId(PointIdFactory.id(1))
                        .setVectors(VectorsFactory.vectors(1f, 0f)).build())).get();
                assertEquals(1, client.searchAsync(Points.SearchPoints.newBuilder().setCollectionName("tls")
                        .addAllVector(List.of(1f, 0f)).setLimit(1).build()).get().size());
            }
            try (QdrantClient wrong = client(node, pki, "wrong")) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> wrong.listCollectionsAsync().get());
                assertEquals(Status.Code.UNAUTHENTICATED, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
            }
            certificatesAreReplacedWithoutARestart(node, pki, leaf);
            try (QdrantClient client = client(node, pki, "grpc-key")) {
                assertEquals(List.of("tls"), client.listCollectionsAsync().get());
            }
            assertEquals(200, node.client().withHeader("api-key", "grpc-key").get("/collections/tls").status());
        }
    }

    private static void certificatesAreReplacedWithoutARestart(AtollProcess node, TestPki pki, TestPki.Leaf leaf)
            throws Exception {
        URI rest = URI.create(node.url());
        BigInteger before = TlsHandshakes.serial(rest.getHost(), rest.getPort(), pki, null);
        TestPki.Leaf renewed = pki.leaf("renewed");
        BigInteger expected = TlsHandshakes.certificate(renewed.cert()).getSerialNumber();
        assertNotEquals(before, expected);
        // written beside the old files and moved over them, as an operator rotating would
        for (Path[] pair : new Path[][]{{renewed.key(), leaf.key()}, {renewed.cert(), leaf.cert()}}) {
            Path staged = pair[1].resolveSibling(pair[1].getFileName() + ".new");
            Files.copy(pair[0], staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, pair[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        for (int port : new int[]{rest.getPort(), node.grpcPort()}) {
            QdrantApi.await("port " + port + " shows the renewed certificate", Duration.ofSeconds(30), () -> {
                try {
                    return expected.equals(TlsHandshakes.serial("127.0.0.1", port, pki, null));
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
    }

    /** {@code verify_https_client_certificate}: REST clients without a certificate the CA signed get no answer. */
    @Test
    void restClientsMustShowACertificateWhenAsked() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki-verify"));
        TestPki.Leaf leaf = pki.leaf("node");
        TestPki.Leaf clientLeaf = pki.leaf("client");
        Path config = Files.writeString(dir.resolve("verify.yaml"), "service:\n  enable_tls: true\n"
                + "  verify_https_client_certificate: true\ntls:\n  cert: " + leaf.cert() + "\n  key: " + leaf.key()
                + "\n  ca_cert: " + pki.caCert() + "\n");
        try (TlsMaterial client = TlsMaterial.load(new TlsFiles(clientLeaf.cert(), clientLeaf.key(), pki.caCert(),
                Duration.ofMinutes(1)));
             AtollProcess node = AtollProcess.startHttps(dir.resolve("verify"), client.clientContext(), "--config",
                     config.toString())) {
            assertEquals(200, node.client().get("/collections").status());
            RestClient withoutCertificate = new RestClient(node.url(), pki.clientTrust());
            assertThrows(java.io.UncheckedIOException.class, () -> withoutCertificate.get("/collections"));
        }
    }

    private static QdrantClient client(AtollProcess node, TestPki pki, String key) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCert().toFile()).build()).build();
        return new QdrantClient(QdrantGrpcClient.newBuilder(channel, true).withApiKey(key).build());
    }
}
