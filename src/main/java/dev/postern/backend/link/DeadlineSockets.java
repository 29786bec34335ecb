package dev.postern.backend.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The two socket factories a session's properties name so that every connection is a {@link DeadlineSocket}:
 * {@link #plain} for {@code mail.PROTO.socketFactory} (plain connections and the plain part of STARTTLS), and
 * {@link #tls} around the account's TLS factory for {@code mail.PROTO.ssl.socketFactory}. Angus layers TLS
 * over a connected plain socket in both the direct-TLS and the STARTTLS case; the TLS factory wraps that
 * socket unless it already is one of ours, so TLS always runs over exactly one deadline socket.
 */
public final class DeadlineSockets {
    private DeadlineSockets() {}

    public static SocketFactory plain(LinkLimits limits) {
        return plain(limits, new Links());
    }

    /** As {@link #plain(LinkLimits)}, each socket made also kept in {@code links}, to be cut with them. */
    public static SocketFactory plain(LinkLimits limits, Links links) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                DeadlineSocket s = new DeadlineSocket(new Socket(), limits);
                links.add(s);
                return s;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connected(new java.net.InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return bound(new java.net.InetSocketAddress(localHost, localPort), new java.net.InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connected(new java.net.InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return bound(new java.net.InetSocketAddress(localAddress, localPort), new java.net.InetSocketAddress(address, port));
            }

            private Socket connected(java.net.SocketAddress a) throws IOException {
                return bound(null, a);
            }

            /** A deadline socket bound to {@code local} (any address when null) and connected to {@code remote}. */
            private Socket bound(java.net.SocketAddress local, java.net.SocketAddress remote) throws IOException {
                Socket sk = createSocket();
                if (local != null) sk.bind(local);
                sk.connect(remote);
                return sk;
            }
        };
    }

    public static SSLSocketFactory tls(SSLSocketFactory real, LinkLimits limits) {
        return tls(real, limits, new Links());
    }

    /** As {@link #tls(SSLSocketFactory, LinkLimits)}, each connection also kept in {@code links}, to be cut with them. */
    public static SSLSocketFactory tls(SSLSocketFactory real, LinkLimits limits, Links links) {
        return new SSLSocketFactory() {
            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                DeadlineSocket under;
                if (s instanceof DeadlineSocket d) {
                    under = d;
                } else {
                    under = new DeadlineSocket(s, limits);
                    links.add(under);
                }
                Socket tls = real.createSocket(under, host, port, autoClose);
                // The caps count the protocol's own bytes: from now on those pass through the TLS socket.
                AnswerMeter m = under.handOverMeter();
                return m == null || !(tls instanceof javax.net.ssl.SSLSocket ssl) ? tls : new MeteredSslSocket(ssl, m);
            }

            @Override public String[] getDefaultCipherSuites() { return real.getDefaultCipherSuites(); }
            @Override public String[] getSupportedCipherSuites() { return real.getSupportedCipherSuites(); }

            // Angus connects a plain socket and layers TLS over it with the method above; these direct forms
            // are not used by it, and give TLS over a deadline socket all the same.
            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return createSocket(plain(limits, links).createSocket(host, port), host, port, true);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return createSocket(plain(limits, links).createSocket(host, port, localHost, localPort), host, port, true);
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return createSocket(plain(limits, links).createSocket(host, port), host.getHostName(), port, true);
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return createSocket(plain(limits, links).createSocket(address, port, localAddress, localPort),
                        address.getHostName(), port, true);
            }

            @Override
            public String toString() {
                return "deadlines over " + real;
            }
        };
    }
}
