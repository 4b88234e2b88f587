package io.atoll.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.security.SecuritySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security keys as a node reads them: defaults, file, environment; no message or printout holds a secret. */
class SecurityConfigTest {
    @TempDir
    Path dir;

    private NodeConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, env, Map.of());
    }

    @Test
    void nothingConfiguredMeansOpenAsToday() throws IOException {
        SecuritySettings s = load("service: {}\n", Map.of()).security();
        assertFalse(s.keys().enabled());
        assertFalse(s.tls().any());
        assertEquals(32L << 20, s.maxRequestBytes());
        assertEquals(0, s.requestsPerSecond());
        assertTrue(s.peerSecret().isEmpty());
    }

    @Test
    void keysComeFromTheFileOrTheEnvironmentAndNeverPrint() throws IOException {
        NodeConfig c = load("service:\n  api_key: from-the-file\n  read_only_api_key: \"\"\n  jwt_rbac: true\n",
                Map.of("ATOLL__SERVICE__ALT_API_KEY", "from-the-environment", "ATOLL__CLUSTER__P2P__SECRET", "peer-secret-value"));
        assertTrue(c.security().keys().apiKey().orElseThrow().matches("from-the-file"));
        assertTrue(c.security().keys().altApiKey().orElseThrow().matches("from-the-environment"));
        assertTrue(c.security().keys().readOnlyApiKey().isEmpty(), "an empty key is no key");
        assertTrue(c.security().keys().jwtRbac());
        assertTrue(c.security().peerSecret().isPresent());
        String printed = c.toString();
        for (String secret : new String[] {"from-the-file", "from-the-environment", "peer-secret-value"}) {
            assertFalse(printed.contains(secret), printed);
        }
    }

    @Test
    void limitsAndTlsAreRead() throws IOException {
        SecuritySettings s = load("service:\n  max_request_size_mb: 4\n  max_header_bytes: 2048\n  enable_tls: true\n"
                + "  rate_limit:\n    requests_per_second: 2.5\ncluster:\n  p2p:\n    enable_tls: true\n"
                + "tls:\n  cert: a.pem\n  key: b.pem\n  ca_cert: c.pem\n  watch_interval_ms: 50\n", Map.of()).security();
        assertEquals(4L << 20, s.maxRequestBytes());
        assertEquals(2048, s.maxHeaderBytes());
        assertEquals(2.5, s.requestsPerSecond());
        assertEquals(3, s.burst(), "no burst: the rate rounded up");
        assertTrue(s.tls().clients() && s.tls().peers() && s.tls().needsCa());
        assertEquals(Path.of("c.pem"), s.tls().caCert());
    }

    @Test
    void badValuesNameTheirKeyAndNoSecret() {
        for (String[] bad : new String[][] {
                {"service:\n  api_key: s3cret\n  rate_limit:\n    requests_per_second: fast\n", "requests_per_second"},
                {"service:\n  api_key: s3cret\n  rate_limit:\n    requests_per_second: NaN\n", "requests_per_second"},
                {"service:\n  api_key: s3cret\n  max_request_size_mb: 0\n", "max_request_size_mb"},
                {"service:\n  api_key: s3cret\n  jwt_rbac: maybe\n", "jwt_rbac"},
                {"service:\n  api_key: [s3cret]\n", "api_key"},
                {"service:\n  api_key: s3cret\ncluster:\n  p2p:\n    enable_tls: true\n    secret: s3cret\n", "secret"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(bad[0], Map.of()),
                    bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }
}
