package dev.postern.e2e;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A tiny SMTP submission server for the end-to-end tests: speaks enough ESMTP (EHLO, AUTH PLAIN/LOGIN
 * checked against Dovecot's users, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) and hands each
 * message to Dovecot ({@code doveadm save}) for every recipient whose local part is a Dovecot user, so the
 * mail really travels client -> SMTP -> Dovecot -> IMAP. Records the envelope it saw for assertions.
 */
final class SmtpToDovecot implements AutoCloseable {
    record Received(String from, List<String> rcpts, byte[] data, String authUser) {}

    private final DovecotServer dovecot;
    private final ServerSocket server;
    private final Thread thread;
    final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Addresses refused at RCPT TO with 550, as a real MTA refuses an unknown user. */
    final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SmtpToDovecot(DovecotServer dovecot) throws IOException {
        this.dovecot = dovecot;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "smtp-to-dovecot");
        thread.setDaemon(true);
        thread.start();
    }

    int port() { return server.getLocalPort(); }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                session(s);
            } catch (IOException e) {
                // closed, or the client went away mid-session
            }
        }
    }

    private void session(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        say(out, "220 localhost ESMTP test relay to Dovecot");
        String from = null;
        String authUser = null;
        List<String> rcpts = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String u = line.toUpperCase(Locale.ROOT);
            if (u.startsWith("EHLO") || u.startsWith("HELO")) {
                say(out, "250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SIZE 10000000");
            } else if (u.startsWith("AUTH PLAIN")) {
                String b64 = line.length() > 11 ? line.substring(11).strip() : "";
                if (b64.isEmpty()) {
                    say(out, "334 ");
                    b64 = in.readLine();
                }
                String[] parts = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8).split("\0", -1);
                authUser = check(out, parts[1], parts[2]);
            } else if (u.startsWith("AUTH LOGIN")) {
                say(out, "334 VXNlcm5hbWU6");
                String user = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8);
                say(out, "334 UGFzc3dvcmQ6");
                String pass = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8);
                authUser = check(out, user, pass);
            } else if (u.startsWith("MAIL FROM:")) {
                if (authUser == null) {
                    say(out, "530 authentication required");
                    continue;
                }
                from = addr(line.substring(10));
                rcpts.clear();
                say(out, "250 OK");
            } else if (u.startsWith("RCPT TO:")) {
                String to = addr(line.substring(8));
                if (refused.contains(to)) {
                    say(out, "550 5.1.1 <" + to + ">: Recipient address rejected: User unknown");
                    continue;
                }
                rcpts.add(to);
                say(out, "250 OK");
            } else if (u.equals("DATA")) {
                say(out, "354 end with .");
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                String d;
                while ((d = in.readLine()) != null && !d.equals(".")) {
                    if (d.startsWith(".")) d = d.substring(1);
                    data.writeBytes((d + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                byte[] bytes = data.toByteArray();
                for (String r : rcpts) {
                    String local = r.substring(0, r.indexOf('@'));
                    if (dovecot.users().contains(local)) dovecot.deliver(local, "INBOX", bytes);
                }
                received.add(new Received(from, List.copyOf(rcpts), bytes, authUser));
                say(out, "250 OK delivered");
            } else if (u.equals("RSET") || u.equals("NOOP")) {
                say(out, "250 OK");
            } else if (u.equals("QUIT")) {
                say(out, "221 bye");
                return;
            } else {
                say(out, "502 not implemented");
            }
        }
    }

    private String check(OutputStream out, String user, String pass) throws IOException {
        if (dovecot.users().contains(user) && dovecot.user(user).equals(pass)) {
            say(out, "235 OK");
            return user;
        }
        say(out, "535 authentication failed");
        return null;
    }

    private static String addr(String s) {
        String t = s.strip();
        int lt = t.indexOf('<');
        int gt = t.indexOf('>');
        return lt >= 0 && gt > lt ? t.substring(lt + 1, gt) : t.split("\\s")[0];
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
