package io.atoll.api.rest;

import javax.net.ssl.SSLContext;

/**
 * Where and how the REST port listens.
 *
 * @param maxRequestBytes the largest body taken (413 beyond); snapshot uploads are exempt, as they are as large as
 *                        snapshots
 * @param maxHeaderBytes  the largest request head (431 beyond)
 * @param tls             HTTPS with this context, or null for plain HTTP
 * @param verifyClients   HTTPS clients must show a certificate the context's trust manager accepts
 */
public record HttpListener(String host, int port, long maxRequestBytes, int maxHeaderBytes, SSLContext tls,
                           boolean verifyClients) {
}
