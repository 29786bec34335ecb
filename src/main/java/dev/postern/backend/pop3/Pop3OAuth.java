package dev.postern.backend.pop3;

import dev.postern.backend.OAuthSasl;
import dev.postern.backend.link.DeadlineSockets;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * SASL OAUTHBEARER (RFC 7628) and XOAUTH2 over POP3 (RFC 5034), spoken by postern itself before Angus takes the
 * connection over.
 *
 * <p>Why not Angus: Angus Mail 2.0.5's POP3 has no SASL framework. Its {@code Protocol} builds its mechanisms
 * (LOGIN, PLAIN, NTLM, XOAUTH2) in its constructor as private inner {@code Authenticator} classes in a private map,
 * and {@code POP3Store.authenticate} (private) looks only there, so OAUTHBEARER cannot be added without forking
 * both classes. Its XOAUTH2 also puts the token on the AUTH line, which RFC 2449 limits to 255 octets; a Microsoft
 * token is several times that.
 *
 * <p>How: Angus connects through the socket factory {@link #socketFactory} gives it ({@code mail.pop3.socketFactory},
 * its public API). Before Angus reads its first byte, the socket connects, does TLS or STLS with the account's
 * trust, reads CAPA and signs in with the mechanism the server offers (OAUTHBEARER, else XOAUTH2; neither: nothing
 * is sent), the response on a line of its own after the server's empty challenge. Angus then reads a greeting this
 * socket makes up, sends CAPA (passed on: RFC 2449 allows it in the TRANSACTION state) and USER and PASS with a
 * placeholder, which this socket answers itself and never passes on. From there on every byte is the server's.
 *
 * <p>Failures keep their kind through Angus: a refusal (or no mechanism) is an {@link EOFException} with the
 * server's words, which Angus's POP3 store reports as an authentication failure; anything else reaches the caller
 * inside a {@link SignInFailed}, whose cause is the real time-out, reset or TLS fault.
 */
public final class Pop3OAuth {
    /** What Angus is given, and sends, as the password; answered by the socket, never seen by the server. */
    static final String PLACEHOLDER = "postern-signed-in-already";

    private final String host;
    private final int port;
    private final String user;
    private final SocketFactory plain;
    private final SSLSocketFactory tls;
    private final boolean startTls;
    private volatile Supplier<char[]> token;

    /**
     * @param tls      the account's TLS factory, or null for a plain connection (loopback only, checked by the config)
     * @param startTls upgrade with STLS after the greeting rather than TLS from the first byte
     */
    Pop3OAuth(String host, int port, String user, SocketFactory plain, SSLSocketFactory tls, boolean startTls) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.plain = plain;
        this.tls = tls;
        this.startTls = startTls;
    }

    /** The token the next connection signs in with (null: none); the sign-in wipes the array it gets. */
    void token(Supplier<char[]> t) {
        token = t;
    }

    /** Hands Angus sockets that sign in first; Angus connects them itself with its connect time-out. */
    SocketFactory socketFactory() {
        return new SocketFactory() {
            @Override public Socket createSocket() throws IOException { return new SignedIn(plain.createSocket()); }
            @Override public Socket createSocket(String h, int p) throws IOException { return connected(); }
            @Override public Socket createSocket(String h, int p, InetAddress l, int lp) throws IOException { return connected(); }
            @Override public Socket createSocket(InetAddress h, int p) throws IOException { return connected(); }
            @Override public Socket createSocket(InetAddress h, int p, InetAddress l, int lp) throws IOException { return connected(); }

            private Socket connected() throws IOException {
                Socket s = createSocket();
                s.connect(new java.net.InetSocketAddress(host, port));
                return s;
            }

            @Override public String toString() { return "POP3 OAuth2 sign-in for " + host + ":" + port; }
        };
    }

    /** A failure of the sign-in that is not the server's refusal: its cause says what (time-out, reset, TLS). */
    static final class SignInFailed extends IOException {
        SignInFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The connection Angus gets: signed in before it is first read or written. */
    final class SignedIn extends Socket {
        private final Socket tcp;
        private Socket link;
        private InputStream in;
        private OutputStream out;
        private boolean signedIn;
        /** Bytes Angus reads before the server's: the made-up greeting and the answers to USER and PASS. */
        private final Deque<byte[]> local = new ArrayDeque<>();
        private byte[] localNow;
        private int localAt;
        /** Angus's command being written, while it may be USER or PASS. */
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean passedOn;

        SignedIn(Socket tcp) {
            this.tcp = tcp;
        }

        @Override public void connect(SocketAddress endpoint) throws IOException { tcp.connect(endpoint); }
        @Override public void connect(SocketAddress endpoint, int timeout) throws IOException { tcp.connect(endpoint, timeout); }

        private synchronized void signIn() throws IOException {
            if (signedIn) {
                if (link == null) throw new SocketException("Socket closed"); // the sign-in failed: nothing more to say
                return;
            }
            signedIn = true;
            try {
                link = exchange();
            } catch (EOFException refused) {
                closeQuietly();
                throw refused;
            } catch (IOException | RuntimeException e) {
                closeQuietly();
                throw new SignInFailed(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
            in = link.getInputStream();
            out = link.getOutputStream();
            local.add("+OK postern signed in\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        private void closeQuietly() {
            try {
                (link != null ? link : tcp).close();
            } catch (IOException ignored) {
                // closing after a failure
            }
        }

        /** Greeting, TLS, CAPA, AUTH: the signed-in connection, or an EOFException with the server's refusal. */
        private Socket exchange() throws IOException {
            Socket s = tcp;
            if (tls != null && !startTls) s = handshake(s);
            Wire w = new Wire(s);
            w.expectOk(w.line(), "greeting");
            if (tls != null && startTls) {
                w.send("STLS");
                String r = w.line();
                if (!r.startsWith("+OK")) throw new EOFException("STLS required but failed");
                s = handshake(s);
                w = new Wire(s);
            }
            String mechanism = mechanism(w);
            if (mechanism == null) throw new EOFException(OAuthSasl.NO_MECHANISM);
            // RFC 5034 4: the response on a line of its own after an empty challenge, as every server must accept,
            // so the 255-octet limit of the AUTH line never matters.
            w.send("AUTH " + mechanism);
            String r = w.line();
            if (!r.startsWith("+")) throw new EOFException(words(r, "AUTH " + mechanism + " refused"));
            byte[] response = initialResponse(mechanism);
            try {
                w.sendSecret(Base64.getEncoder().encode(response));
            } finally {
                Arrays.fill(response, (byte) 0);
            }
            r = w.line();
            if (r.startsWith("+OK")) return s;
            if (r.startsWith("+")) {
                // The server's error report (RFC 7628 3.2.2, JSON); the client ends the exchange, then gets -ERR.
                String report = r.length() > 2 ? decode(r.substring(2).trim()) : "";
                w.send(mechanism.equals(OAuthSasl.OAUTHBEARER) ? "AQ==" : "");
                r = w.line();
                if (r.startsWith("+OK")) return s;
                throw new EOFException(words(r, "authentication failed") + (report.isEmpty() ? "" : " " + report));
            }
            throw new EOFException(words(r, "authentication failed"));
        }

        private Socket handshake(Socket under) throws IOException {
            SSLSocket ssl = (SSLSocket) tls.createSocket(under, host, port, true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the trust manager checks the host name with HostNames
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            return ssl;
        }

        /** OAUTHBEARER, else XOAUTH2, as CAPA's SASL line offers them; null for neither (or no CAPA). */
        private String mechanism(Wire w) throws IOException {
            w.send("CAPA");
            String first = w.line();
            if (!first.startsWith("+OK")) return null;
            boolean bearer = false;
            boolean xoauth2 = false;
            for (String l = w.line(); !l.equals("."); l = w.line()) {
                String[] words = l.trim().toUpperCase(Locale.ROOT).split("\\s+");
                if (!words[0].equals("SASL")) continue;
                for (String m : words) {
                    bearer |= m.equals(OAuthSasl.OAUTHBEARER);
                    xoauth2 |= m.equals(OAuthSasl.XOAUTH2);
                }
            }
            return bearer ? OAuthSasl.OAUTHBEARER : xoauth2 ? OAuthSasl.XOAUTH2 : null;
        }

        private byte[] initialResponse(String mechanism) throws IOException {
            Supplier<char[]> t = token;
            char[] secret = t == null ? null : t.get();
            if (secret == null || secret.length == 0) throw new IOException("no token to sign in with");
            return OAuthSasl.initialResponse(mechanism, user, secret);
        }

        private int readLocal(byte[] b, int off, int len) {
            if (localNow == null || localAt == localNow.length) {
                localNow = local.poll();
                localAt = 0;
                if (localNow == null) return -1;
            }
            int n = Math.min(len, localNow.length - localAt);
            System.arraycopy(localNow, localAt, b, off, n);
            localAt += n;
            return n;
        }

        private boolean localPending() {
            return (localNow != null && localAt < localNow.length) || !local.isEmpty();
        }

        /**
         * Angus's bytes: until its PASS, each whole line is looked at; USER and PASS are answered here, anything
         * else (CAPA) goes to the server.
         */
        private void write(byte[] b, int off, int len) throws IOException {
            if (passedOn) {
                out.write(b, off, len);
                return;
            }
            for (int i = off; i < off + len; i++) {
                line.write(b[i]);
                if (b[i] != '\n') continue;
                byte[] cmd = line.toByteArray();
                line.reset();
                String head = new String(cmd, 0, Math.min(cmd.length, 5), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
                if (head.equals("USER ")) {
                    local.add("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (head.equals("PASS ")) {
                    Arrays.fill(cmd, (byte) 0);
                    local.add("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    passedOn = true;
                    if (i + 1 < off + len) out.write(b, i + 1, off + len - i - 1);
                    return;
                } else {
                    out.write(cmd);
                }
            }
        }

        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    signIn();
                    if (len == 0) return 0;
                    synchronized (SignedIn.this) {
                        if (localPending()) return readLocal(b, off, len);
                    }
                    return in.read(b, off, len);
                }

                @Override
                public int available() throws IOException {
                    signIn();
                    synchronized (SignedIn.this) {
                        if (localPending()) return localNow == null ? local.peek().length : localNow.length - localAt;
                    }
                    return in.available();
                }

                @Override public void close() throws IOException { SignedIn.this.close(); }
            };
        }

        @Override
        public OutputStream getOutputStream() {
            return new OutputStream() {
                @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    signIn();
                    synchronized (SignedIn.this) {
                        SignedIn.this.write(b, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    signIn();
                    out.flush();
                }

                @Override public void close() throws IOException { SignedIn.this.close(); }
            };
        }

        private Socket live() {
            return link != null ? link : tcp;
        }

        @Override public void close() throws IOException { live().close(); }
        @Override public boolean isClosed() { return live().isClosed(); }
        @Override public boolean isConnected() { return tcp.isConnected(); }
        @Override public boolean isBound() { return tcp.isBound(); }
        @Override public void setSoTimeout(int timeout) throws SocketException { tcp.setSoTimeout(timeout); }
        @Override public int getSoTimeout() throws SocketException { return tcp.getSoTimeout(); }
        @Override public InetAddress getInetAddress() { return tcp.getInetAddress(); }
        @Override public InetAddress getLocalAddress() { return tcp.getLocalAddress(); }
        @Override public int getPort() { return tcp.getPort(); }
        @Override public int getLocalPort() { return tcp.getLocalPort(); }
        @Override public SocketAddress getRemoteSocketAddress() { return tcp.getRemoteSocketAddress(); }
        @Override public SocketAddress getLocalSocketAddress() { return tcp.getLocalSocketAddress(); }
        @Override public void shutdownInput() throws IOException { live().shutdownInput(); }
        @Override public void shutdownOutput() throws IOException { live().shutdownOutput(); }
        @Override public void setTcpNoDelay(boolean on) throws SocketException { tcp.setTcpNoDelay(on); }
        @Override public void setKeepAlive(boolean on) throws SocketException { tcp.setKeepAlive(on); }
        @Override public String toString() { return "Pop3OAuth.SignedIn[" + host + ":" + port + "]"; }
    }

    /** The server's words after +OK/-ERR, or {@code otherwise}. */
    static String words(String line, String otherwise) {
        int sp = line.indexOf(' ');
        String w = sp < 0 ? "" : line.substring(sp + 1).strip();
        return w.isEmpty() ? otherwise : w;
    }

    private static String decode(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Lines of the POP3 exchange before Angus: CRLF-terminated, ISO-8859-1, read byte by byte (nothing buffered ahead). */
    private static final class Wire {
        private final InputStream in;
        private final OutputStream out;

        Wire(Socket s) throws IOException {
            this.in = s.getInputStream();
            this.out = s.getOutputStream();
        }

        void send(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void sendSecret(byte[] base64) throws IOException {
            byte[] b = Arrays.copyOf(base64, base64.length + 2);
            b[base64.length] = '\r';
            b[base64.length + 1] = '\n';
            try {
                out.write(b);
                out.flush();
            } finally {
                Arrays.fill(b, (byte) 0);
                Arrays.fill(base64, (byte) 0);
            }
        }

        /** One line without its CRLF; a closed connection is a link failure, not a refusal. */
        String line() throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) throw new SocketException("Connection closed by remote host");
                if (c == '\n') break;
                if (b.length() > 8192) throw new IOException("a line of more than 8192 bytes from the server");
                b.append((char) c);
            }
            int n = b.length();
            if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
            return b.toString();
        }

        void expectOk(String line, String what) throws IOException {
            if (!line.startsWith("+OK")) throw new IOException("the server's " + what + " was not +OK");
        }
    }
}
