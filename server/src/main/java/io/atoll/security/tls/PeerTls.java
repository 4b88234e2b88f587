package io.atoll.security.tls;

import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What the peer port's mutual TLS needs, on both ends of every peer connection: this node's certificate (shown as a
 * server and as a client) and the cluster's trust (any certificate the cluster CA signs, whatever host it names:
 * peers are reached by address and vouched for by the CA). The managers re-read rotated files, so new connections
 * pick up a new certificate without a restart. Immutable.
 */
public record PeerTls(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager) {
}
