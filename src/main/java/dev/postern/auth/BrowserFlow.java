package dev.postern.auth;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Authorization code with PKCE (RFC 7636) and a loopback redirect (RFC 8252): listens on 127.0.0.1, opens the
 * provider's page in a browser ({@code $BROWSER}, else xdg-open when there is a display) and always prints the
 * address too, waits for the one redirect that carries our {@code state}, and trades its code for tokens with the
 * verifier only this process knows. Over SSH, {@code --port} fixes the port so that {@code ssh -L} can carry it.
 * When the browser is on another device (a phone), the redirect to 127.0.0.1 cannot reach this machine: the
 * page the browser ends on shows that address with the code in it, and the user may paste it at the terminal
 * instead ({@code pasted}); it is taken only with this sign-in's {@code state}, as the redirect is.
 */
public final class BrowserFlow {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String account;
    private final OAuth2Config config;
    private final OAuthClient client;
    private final Map<String, String> env;
    private final Duration wait;

    public BrowserFlow(String account, OAuth2Config config, OAuthClient client, Map<String, String> env, Duration wait) {
        this.account = account;
        this.config = config;
        this.client = client;
        this.env = env;
        this.wait = wait;
    }

    public TokenSet run(PrintWriter out, int port) {
        return run(out, port, null);
    }

    /** As above; {@code pasted} (the terminal, or null) may give the address the browser ended on instead. */
    public TokenSet run(PrintWriter out, int port, java.io.InputStream pasted) {
        if (config.authorizationUrl() == null) {
            throw new PosternException(ExitCode.CONFIG, "account " + account + " has no authorization_url for the browser"
                    + " flow; set it in [accounts." + dev.postern.model.Names.tomlKey(account) + ".oauth2] or leave out --browser.");
        }
        String verifier = random(32);
        String state = random(16);
        try (ServerSocket server = new ServerSocket(port, 8, InetAddress.getByName("127.0.0.1"))) {
            // Microsoft registers "http://localhost" for public clients and takes any port; RFC 8252 prefers the IP.
            String host = config.provider() == OAuth2Config.Provider.MICROSOFT ? "localhost" : "127.0.0.1";
            String redirect = "http://" + host + ":" + server.getLocalPort() + "/";
            StringBuilder url = new StringBuilder(config.authorizationUrl().toString());
            url.append(config.authorizationUrl().getRawQuery() == null ? '?' : '&');
            url.append("response_type=code&client_id=").append(OAuthClient.enc(config.clientId()))
                    .append("&redirect_uri=").append(OAuthClient.enc(redirect))
                    .append("&scope=").append(OAuthClient.enc(String.join(" ", config.scopes())))
                    .append("&state=").append(state)
                    .append("&code_challenge=").append(challenge(verifier))
                    .append("&code_challenge_method=S256");
            if (config.provider() == OAuth2Config.Provider.GOOGLE) url.append("&access_type=offline&prompt=consent");
            out.println("To sign in account " + account + ", open this address in a browser on this machine"
                    + " (over SSH: ssh -L " + server.getLocalPort() + ":127.0.0.1:" + server.getLocalPort() + " ...):");
            out.println(url);
            if (pasted != null) {
                out.println("If that browser is on another device (a phone), it ends on an address starting " + redirect
                        + " that it cannot open: copy that whole address here and press Enter.");
            }
            out.flush();
            openBrowser(url.toString());
            String code = await(server, state, pasted == null ? null : new Pasted(pasted), out);
            Map<String, String> form = client.client();
            form.put("grant_type", "authorization_code");
            form.put("code", code);
            form.put("redirect_uri", redirect);
            form.put("code_verifier", verifier);
            try {
                return client.tokens(client.post(config.tokenUrl(), form), null);
            } catch (OAuthClient.Refused r) {
                throw client.refused(r);
            }
        } catch (BindException e) {
            throw new PosternException(ExitCode.UNAVAILABLE, "account " + account + ": port " + port
                    + " on 127.0.0.1 is taken; give another with --port, or none to let postern choose.", e);
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "account " + account + ": could not listen on 127.0.0.1 for the"
                    + " sign-in redirect (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Takes requests until the redirect with our state arrives (answering others, a favicon, with 404), or until
     * a pasted address carries it.
     */
    private String await(ServerSocket server, String state, Pasted pasted, PrintWriter out) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new PosternException(ExitCode.TEMPFAIL, "account " + account + ": no sign-in arrived within "
                        + wait.toMinutes() + " minutes; run `postern auth login " + account + " --browser` again.");
            }
            if (pasted != null) {
                String line = pasted.line();
                if (line != null && !line.isBlank()) {
                    Map<String, String> q = query(line.strip());
                    if (!state.equals(q.get("state"))) {
                        out.println("That is not the address of this sign-in (its state differs, or it has none); paste the"
                                + " whole address the browser ended on.");
                        out.flush();
                    } else {
                        String code = outcome(q);
                        if (code != null) return code;
                        out.println("That address carries no code; paste the whole address the browser ended on.");
                        out.flush();
                    }
                }
            }
            // With a terminal to watch as well, the listener is polled.
            server.setSoTimeout((int) Math.min(pasted != null ? 200 : Integer.MAX_VALUE, left));
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                String line = requestLine(new java.io.BufferedInputStream(s.getInputStream()));
                if (line == null) continue;
                String[] parts = line.split(" ");
                Map<String, String> q = parts.length >= 2 ? query(parts[1]) : Map.of();
                OutputStream o = s.getOutputStream();
                if (!state.equals(q.get("state"))) {
                    reply(o, 404, "Not the sign-in postern is waiting for.");
                    continue;
                }
                if (q.containsKey("error")) reply(o, 200, "Sign-in failed; see the terminal.");
                String code = outcome(q);
                if (code == null) {
                    reply(o, 400, "No code in the redirect.");
                    continue;
                }
                reply(o, 200, "postern is signed in. You can close this window.");
                return code;
            } catch (SocketTimeoutException e) {
                // the deadline is checked at the top
            }
        }
    }

    /**
     * The HTTP request line (up to CR or LF), or null when the peer closed first or sent 64 KiB without one: any
     * local process can connect to the listener, and readLine() kept whatever it sent until its time-out.
     */
    static String requestLine(java.io.InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n' || b == '\r') return sb.toString();
            if (sb.length() >= 64 * 1024) return null;
            sb.append((char) b);
        }
        return null;
    }

    /** The code of a redirect that carries our state; null when it has none; the provider's refusal as a sentence. */
    private String outcome(Map<String, String> q) {
        if (q.containsKey("error")) {
            String e = q.get("error");
            if (e.equals("access_denied")) {
                throw new PosternException(ExitCode.CONFIG, "account " + account
                        + ": the sign-in was declined on the provider's page; nothing was saved.");
            }
            throw new PosternException(ExitCode.CONFIG, "account " + account + ": the sign-in server refused"
                    + " (server said: " + OAuthClient.oneLine(e + (q.containsKey("error_description")
                    ? ": " + q.get("error_description") : "")) + ").");
        }
        String code = q.get("code");
        return code == null || code.isEmpty() ? null : code;
    }

    /**
     * Lines typed at the terminal, read without blocking: only what {@link java.io.InputStream#available()} says
     * is there, so nothing is left waiting on the terminal once the sign-in is over. A terminal in its usual
     * (line) mode reports a line once Enter is pressed.
     */
    private static final class Pasted {
        private final java.io.InputStream in;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        Pasted(java.io.InputStream in) {
            this.in = in;
        }

        /** A whole line typed since the last call, or null. */
        String line() {
            try {
                int n = in.available();
                if (n > 0) {
                    byte[] b = new byte[Math.min(n, 64 * 1024)];
                    int got = in.read(b);
                    if (got > 0 && pending.size() < 64 * 1024) pending.write(b, 0, got);
                }
            } catch (IOException e) {
                return null; // no terminal to read: the redirect may still come
            }
            byte[] all = pending.toByteArray();
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    String line = new String(all, 0, i, StandardCharsets.UTF_8);
                    pending.reset();
                    pending.write(all, i + 1, all.length - i - 1);
                    return line;
                }
            }
            return null;
        }
    }

    private static void reply(OutputStream o, int status, String text) throws IOException {
        byte[] body = ("<!doctype html><title>postern</title><p>" + text + "</p>\n").getBytes(StandardCharsets.UTF_8);
        o.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        o.write(body);
        o.flush();
    }

    private static Map<String, String> query(String target) {
        Map<String, String> m = new HashMap<>();
        int q = target.indexOf('?');
        if (q < 0) return m;
        for (String kv : target.substring(q + 1).split("&")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) continue;
            m.putIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** $BROWSER (a program given the address), else xdg-open under a graphical session; never fails the login. */
    private void openBrowser(String url) {
        List<String> cmd = null;
        String browser = env.get("BROWSER");
        if (browser != null && !browser.isBlank()) {
            cmd = List.of("/bin/sh", "-c", browser + " \"$1\"", "browser", url);
        } else if (env.containsKey("DISPLAY") || env.containsKey("WAYLAND_DISPLAY")) {
            cmd = List.of("xdg-open", url);
        }
        if (cmd == null) return;
        try {
            dev.postern.model.SecretEnv.scrub(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            // The address is printed; the user opens it.
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
