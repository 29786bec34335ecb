package dev.postern.backend.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS socket whose plain-text answers are held to {@link AnswerCaps}: the deadline socket under TLS sees only
 * records, so the counting of lines and answers happens here, on the bytes the protocol reads and writes. Everything
 * else is the wrapped TLS socket's (Angus checks the server's name on its session, as before).
 */
final class MeteredSslSocket extends SSLSocket {
    private final SSLSocket s;
    private final AnswerMeter meter;

    MeteredSslSocket(SSLSocket s, AnswerMeter meter) {
        this.s = s;
        this.meter = meter;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream in = s.getInputStream();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) meter.received(b, off, n);
                return n;
            }

            @Override public int available() throws IOException { return in.available(); }
            @Override public void close() throws IOException { in.close(); }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        OutputStream out = s.getOutputStream();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                meter.wrote(b, off, len);
            }

            @Override public void flush() throws IOException { out.flush(); }
            @Override public void close() throws IOException { out.close(); }
        };
    }

    // ---- SSLSocket ------------------------------------------------------------------------------------
    @Override public String[] getSupportedCipherSuites() { return s.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return s.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { s.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return s.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return s.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { s.setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return s.getSession(); }
    @Override public SSLSession getHandshakeSession() { return s.getHandshakeSession(); }
    @Override public void addHandshakeCompletedListener(HandshakeCompletedListener l) { s.addHandshakeCompletedListener(l); }
    @Override public void removeHandshakeCompletedListener(HandshakeCompletedListener l) { s.removeHandshakeCompletedListener(l); }
    @Override public void startHandshake() throws IOException { s.startHandshake(); }
    @Override public void setUseClientMode(boolean mode) { s.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return s.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { s.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return s.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { s.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return s.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { s.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return s.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return s.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters params) { s.setSSLParameters(params); }
    @Override public String getApplicationProtocol() { return s.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return s.getHandshakeApplicationProtocol(); }

    // ---- Socket ---------------------------------------------------------------------------------------
    @Override public void connect(SocketAddress endpoint) throws IOException { s.connect(endpoint); }
    @Override public void connect(SocketAddress endpoint, int timeout) throws IOException { s.connect(endpoint, timeout); }
    @Override public void bind(SocketAddress local) throws IOException { s.bind(local); }
    @Override public InetAddress getInetAddress() { return s.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return s.getLocalAddress(); }
    @Override public int getPort() { return s.getPort(); }
    @Override public int getLocalPort() { return s.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return s.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return s.getLocalSocketAddress(); }
    /** No channel: I/O through a channel would bypass the caps. */
    @Override public SocketChannel getChannel() { return null; }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { s.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return s.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { s.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return s.getSoLinger(); }
    @Override public void setSoTimeout(int timeout) throws SocketException { s.setSoTimeout(timeout); }
    @Override public int getSoTimeout() throws SocketException { return s.getSoTimeout(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { s.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return s.getKeepAlive(); }
    @Override public void close() throws IOException { s.close(); }
    @Override public void shutdownInput() throws IOException { s.shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { s.shutdownOutput(); }
    @Override public boolean isConnected() { return s.isConnected(); }
    @Override public boolean isBound() { return s.isBound(); }
    @Override public boolean isClosed() { return s.isClosed(); }
    @Override public boolean isInputShutdown() { return s.isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return s.isOutputShutdown(); }
    @Override public String toString() { return "Metered[" + s + "]"; }
}
