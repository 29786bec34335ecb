package dev.postern.backend;

import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns whatever Jakarta Mail throws into one sentence that names the account and says what to do,
 * with the sysexits code scripts rely on: 78 when the user must change the config (password, trust,
 * security), 69 when the server cannot be reached at all, 75 when trying again later may help.
 */
public final class ConnectionErrors {
    private ConnectionErrors() {}

    public static PosternException translate(AccountConfig a, Exception e) {
        if (e instanceof PosternException p) return p;
        String where = a.host() + ":" + a.port();
        String who = "account " + a.name() + ": ";
        if (e instanceof AuthenticationFailedException) {
            return new PosternException(ExitCode.CONFIG, who + "the server rejected user '" + a.user()
                    + "' or its password" + said(e) + "; check user and the password source in the config.", e);
        }
        if (e instanceof FolderNotFoundException) {
            return new PosternException(ExitCode.NOINPUT, who + "there is no folder "
                    + quote(((FolderNotFoundException) e).getFolder() == null ? "?" : ((FolderNotFoundException) e).getFolder().getFullName())
                    + " on the server; `postern folders --account " + a.name() + "` lists them.", e);
        }
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof UnknownHostException) {
                return new PosternException(ExitCode.UNAVAILABLE, who + "cannot resolve host " + a.host()
                        + "; check host in the config and your network.", e);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new PosternException(ExitCode.UNAVAILABLE, who + "the connection to " + where
                        + " was refused; is the server running and the port right?", e);
            }
            if (t instanceof SocketTimeoutException) {
                return new PosternException(ExitCode.TEMPFAIL, who + "no answer from " + where + " within "
                        + a.timeout().toSeconds() + " s; try again later or raise timeout_seconds.", e);
            }
            if (t instanceof CertificateException || t instanceof SSLException) {
                HostNames.Mismatch m = mismatchIn(t);
                if (m != null) {
                    return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                            + " does not name host '" + a.host() + "' (it names " + m.names()
                            + "); use the host name the certificate names.", e);
                }
                if (isHostnameMismatch(t)) {
                    return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                            + " does not name host '" + a.host() + "'; use the host name the certificate names.", e);
                }
                return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                        + " is not trusted; if you trust it, save it as PEM and set tls_trust_cert to that file.", e);
            }
        }
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (msg.contains("starttls")) {
            return new PosternException(ExitCode.CONFIG, who + "the server at " + where
                    + " does not offer STARTTLS, so no password was sent; use security = \"tls\" or check the port.", e);
        }
        if (msg.contains("not trusted") || msg.contains("verify identity") || msg.contains("server identity")) {
            return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                    + " does not match host '" + a.host() + "' or is not trusted; check host and tls_trust_cert.", e);
        }
        if (e instanceof StoreClosedException || e instanceof FolderClosedException
                || root instanceof SocketException || root instanceof IOException) {
            return new PosternException(ExitCode.TEMPFAIL, who + "the connection to " + where
                    + " was lost" + said(e) + "; try again later.", e);
        }
        if (e instanceof MessagingException) {
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where + " failed"
                    + said(e) + "; try again later.", e);
        }
        return new PosternException(ExitCode.SOFTWARE, who + "unexpected error (" + e + "); see the log file.", e);
    }

    private static HostNames.Mismatch mismatchIn(Throwable t) {
        for (; t != null; t = t.getCause()) if (t instanceof HostNames.Mismatch m) return m;
        return null;
    }

    private static boolean isHostnameMismatch(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("no subject alternative") || m.contains("no name matching") || m.contains("hostname");
    }

    private static String said(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return "";
        m = m.strip();
        if (m.length() > 200) m = m.substring(0, 200) + "…";
        return " (server said: " + m + ")";
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
