package io.atoll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.atoll.testing.AtollProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The exit codes scripts rely on, on real processes: 2 for bad usage (with picocli's message), 3 when nothing
 * answers or the server fails (5xx), 1 when the server refuses (4xx, its message printed), 0 for help.
 */
class ReplicasUsageTest {

    private static void assertExit(int code, Cli.Result r, String stderrHas) {
        assertEquals(code, r.exit(), r.toString());
        assertTrue(r.err().contains(stderrHas), "stderr should contain '" + stderrHas + "':\n" + r);
    }

    @Test
    void badUsageExitsTwoWithAMessage() throws Exception {
        assertExit(2, Cli.run("move", "--collection", "c"), "Missing required options");
        assertExit(2, Cli.run("move", "--collection", "c", "--shard", "0", "--from", "1", "--to", "2",
                "--method", "teleport"), "--method: expected snapshot or stream_records, got teleport");
        assertExit(2, Cli.run("scale", "--collection", "c", "--factor", "0"), "--factor");
        assertExit(2, Cli.run("scale", "--collection", "c", "--factor", "two"), "'two' is not an int");
        assertExit(2, Cli.run("list", "--url", "localhost:6333"), "--url: expected http://HOST:PORT");
        assertExit(2, Cli.run("status"), "Missing required parameter: 'ID'");
        assertExit(2, Cli.run("status", "some-id", "--watch", "--json"), "--watch and --json");
        assertExit(2, Cli.run("teleport"), "Unmatched argument");
        assertExit(2, Cli.run(), "a command is needed");
    }

    @Test
    void helpListsTheExitCodes() throws Exception {
        Cli.Result r = Cli.run("move", "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Exit codes:") && r.out().contains("3   the server could not be reached"),
                r.toString());
    }

    @Test
    void anUnreachableServerExitsThree() throws Exception {
        String url = "http://127.0.0.1:" + AtollProcess.freePort();
        assertExit(3, Cli.run("list", "--url", url), "cannot reach " + url);
        assertExit(3, Cli.run("move", "--url", url, "--collection", "c", "--shard", "0", "--from", "1",
                "--to", "2", "--wait"), "cannot reach " + url);
    }

    /** A server that answers every request with one status and body, as a node refusing or failing would. */
    private static HttpServer answering(int status, String body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", exchange -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        return s;
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    @Test
    void aRefusalExitsOneWithTheServersMessageAndAServerErrorExitsThree() throws Exception {
        HttpServer conflict = answering(409, "{\"error\":[{\"message\":\"operation is no longer cancelable\"}]}");
        HttpServer missing = answering(404, "");
        HttpServer failing = answering(503, "{\"error\":[{\"message\":\"no leader\"}]}");
        try {
            assertExit(1, Cli.run("cancel", "abc", "--url", url(conflict)), "operation is no longer cancelable");
            assertExit(1, Cli.run("status", "abc", "--url", url(missing)), "no replication operation with id abc (HTTP 404");
            Cli.Result r = Cli.run("list", "--url", url(failing));
            assertExit(3, r, "no leader");
            assertTrue(r.err().contains("HTTP 503"), r.toString());
        } finally {
            conflict.stop(0);
            missing.stop(0);
            failing.stop(0);
        }
    }
}
