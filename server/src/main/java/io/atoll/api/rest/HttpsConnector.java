package io.atoll.api.rest;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The REST port's HTTPS connector, over a JDK context whose key manager re-reads the certificate files: each new
 * handshake gets the current certificate, so a rotation needs no restart (and no Jetty reload).
 */
final class HttpsConnector {
    private HttpsConnector() {
    }

    static ServerConnector of(Server server, HttpConfiguration http, HttpListener listener) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(listener.tls());
        ssl.setNeedClientAuth(listener.verifyClients());
        // No SNI host check: clients reach nodes by IP address; they verify the server's name themselves.
        http.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(listener.host());
        connector.setPort(listener.port());
        return connector;
    }
}
