package io.atoll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.AtollProcess;
import io.atoll.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a node with keys and HTTPS: {@code --api-key} and {@code --cacert}. */
class SecuredCliTest {
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void commandsSendTheKeyAndTrustTheGivenCa() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        TestPki.Leaf leaf = pki.leaf("node");
        Path config = Files.writeString(dir.resolve("node.yaml"), "service:\n  api_key: cli-key\n  enable_tls: true\n"
                + "tls:\n  cert: " + leaf.cert() + "\n  key: " + leaf.key() + "\n");
        try (AtollProcess node = AtollProcess.startHttps(dir.resolve("node"), pki.clientTrust(), "--config",
                config.toString())) {
            String ca = pki.caCert().toString();
            Cli.Result listed = Cli.atoll(CLI_TIMEOUT, "replicas", "list", "--url", node.url(), "--api-key", "cli-key",
                    "--cacert", ca);
            assertEquals(0, listed.exit(), listed.toString());
            Cli.Result noKey = Cli.atoll(CLI_TIMEOUT, "replicas", "list", "--url", node.url(), "--cacert", ca);
            assertEquals(1, noKey.exit(), noKey.toString());
            assertTrue(noKey.err().contains("401"), noKey.toString());
            Cli.Result untrusted = Cli.atoll(CLI_TIMEOUT, "replicas", "list", "--url", node.url(), "--api-key", "cli-key");
            assertEquals(3, untrusted.exit(), "a certificate the JDK does not trust: " + untrusted);
            Cli.Result badCa = Cli.atoll(CLI_TIMEOUT, "replicas", "list", "--url", node.url(), "--cacert",
                    config.toString());
            assertEquals(2, badCa.exit(), badCa.toString());
        }
    }
}
