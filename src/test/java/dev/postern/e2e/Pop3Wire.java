package dev.postern.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The test's own view of a POP3 maildrop, straight off the wire (not through Angus): UIDL by number. */
final class Pop3Wire {
    private Pop3Wire() {}

    static Map<Integer, String> uidls(int port, String user, String password) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            expectOk(in.readLine());
            send(out, "USER " + user);
            expectOk(in.readLine());
            send(out, "PASS " + password);
            expectOk(in.readLine());
            send(out, "UIDL");
            expectOk(in.readLine());
            Map<Integer, String> uidls = new LinkedHashMap<>();
            for (String line; !(line = in.readLine()).equals("."); ) {
                String[] f = line.split(" ", 2);
                uidls.put(Integer.parseInt(f[0]), f[1]);
            }
            send(out, "QUIT");
            in.readLine();
            return uidls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void expectOk(String line) {
        if (line == null || !line.startsWith("+OK")) throw new IllegalStateException("POP3 server said: " + line);
    }
}
