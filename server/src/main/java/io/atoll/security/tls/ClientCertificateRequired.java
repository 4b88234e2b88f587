package io.atoll.security.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose server sockets and engines demand a client certificate. Client authentication is a
 * property of each socket or engine, not of a context, so a context that is meant for mutual TLS only says so by
 * setting it on everything it creates. Stacks that configure client auth themselves (Jetty's
 * {@code setNeedClientAuth}, Netty's {@code ClientAuth.REQUIRE}) should still do so: they may reset the flag.
 */
final class ClientCertificateRequired {
    private ClientCertificateRequired() {
    }

    /** {@code context}, initialised already, wrapped so that everything it creates requires client certificates. */
    static SSLContext wrap(SSLContext context) {
        return new SSLContext(new Spi(context), context.getProvider(), context.getProtocol()) {
        };
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;

        Spi(SSLContext delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("this context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new ServerSockets(delegate.getServerSocketFactory());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return requireClientCertificate(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return requireClientCertificate(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters parameters = delegate.getDefaultSSLParameters();
            parameters.setNeedClientAuth(true);
            return parameters;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }

        private static SSLEngine requireClientCertificate(SSLEngine engine) {
            engine.setNeedClientAuth(true);
            return engine;
        }
    }

    private static final class ServerSockets extends SSLServerSocketFactory {
        private final SSLServerSocketFactory delegate;

        ServerSockets(SSLServerSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return requireClientCertificate(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return requireClientCertificate(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return requireClientCertificate(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return requireClientCertificate(delegate.createServerSocket(port, backlog, address));
        }

        private static ServerSocket requireClientCertificate(ServerSocket socket) {
            ((SSLServerSocket) socket).setNeedClientAuth(true);
            return socket;
        }
    }
}
