package io.atoll.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code replicas} command shares: the node to talk to ({@code --url}) and the exit codes its help
 * lists. A picocli mixin; its {@code @Command} attributes go into the usage help of the command that mixes it in.
 */
@Command(exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
    "0:success (with --wait or --watch: every operation followed ended READY)",
    "1:an operation ended CANCELLED or vanished, or the server refused the request "
        + "(4xx; its message is printed)",
    "2:bad usage",
    "3:the server could not be reached, did not answer in time, or answered 5xx"})
final class ServerOption {
    static final String DEFAULT_URL = "http://127.0.0.1:6333";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private String url = DEFAULT_URL;

    @Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "REST address of any node of the cluster (default: ${DEFAULT-VALUE})")
    void setUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ParameterException(mixee.commandLine(), "--url: not a URL: " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ParameterException(mixee.commandLine(),
                    "--url: expected http://HOST:PORT (a node's REST address), got " + value);
        }
        url = value;
    }

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:ATOLL_API_KEY}",
            description = "API key or token for a node with service.api_key set (default: $ATOLL_API_KEY)")
    String apiKey;

    @Option(names = "--cacert", paramLabel = "FILE", defaultValue = "${env:ATOLL_CACERT}",
            description = "PEM file of the CA that signed an HTTPS node's certificate (default: $ATOLL_CACERT)")
    java.nio.file.Path caCert;

    ReplicationApi api() {
        javax.net.ssl.SSLContext trust = null;
        if (caCert != null) {
            try {
                trust = CliTrust.trusting(caCert);
            } catch (java.io.IOException e) {
                throw new ParameterException(mixee.commandLine(), "--cacert: " + e.getMessage());
            }
        }
        return new ReplicationApi(url, apiKey == null || apiKey.isEmpty() ? null : apiKey, trust);
    }
}
