package dev.postern.backend;

import dev.postern.backend.link.AnswerTooLargeException;
import dev.postern.backend.link.LinkLostException;
import dev.postern.backend.link.LinkTimeoutException;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.LinkDropped;
import dev.postern.model.PosternException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;

/**
 * The one place where what Jakarta Mail throws becomes one sentence naming the account and what to do, with
 * the sysexits code scripts rely on. The classification, in the order it is decided:
 * <ul>
 * <li>the server cannot be reached at all (unknown host, refused, no route): 69;
 * <li>its certificate is not trusted, names another host, or is out of its dates (expired or not yet valid): 78;
 * <li>the link failed under us (reset, closed, a read time-out, an answer past its deadline): 75;
 * <li>the server sent one answer larger than the cap on an answer (an IMAP literal of gigabytes, a line that never
 * ends; a POP3 or SMTP line or answer without end), or one no working server sends (a folder of billions of
 * messages): 75, the server's fault, said so;
 * <li>TLS could not be agreed on, or STARTTLS/STLS was required and not offered: 78, and no password was sent;
 * <li>the server refused the credentials, in answer to the command that sent them: 78;
 * <li>no such folder: 66;
 * <li>the server refused a command or ended the session: 75, quoting its words;
 * <li>anything else: a bug, 70.
 * </ul>
 * Angus passes some client-side failures on only as text: its POP3 store turns every failure of the login
 * phase, a reset greeting included, into an {@code AuthenticationFailedException} carrying the exception's
 * message, and its IMAP code turns a failed read into a made-up {@code * BYE Jakarta Mail Exception: ...}
 * response. So a link fault is recognised by type where the chain keeps it, and otherwise by the messages
 * our {@link dev.postern.backend.link.DeadlineSocket} and Angus give such faults. Words are quoted as the
 * server's ("server said") only when a server response carried them.
 */
public final class ConnectionErrors {
    private ConnectionErrors() {}

    /** Angus's made-up response for a client-side exception while reading (iap.Response.byeResponse). */
    static final String SYNTHETIC_BYE = "Jakarta Mail Exception:";

    /** Angus's SMTP reply text for a connection closed before any reply line. */
    private static final String EOF = "[EOF]";

    /** The texts Angus gives to a connection the server closed (read returned -1). */
    private static final List<String> CLOSED_TEXTS = List.of("EOF on socket", "Connection dropped by server",
            "SSL peer shut down incorrectly", "Remote host terminated the handshake", "Connection closed by remote host",
            "Socket closed", "Connection reset", "Broken pipe", "Read timed out");

    /** Of those, Angus's own words (the others are the JDK's: the system's words for what happened to the socket). */
    private static final List<String> ANGUS_CLOSED = List.of("EOF on socket", "Connection dropped by server");

    /** Texts of Angus's own, not a server's, that it throws as an authentication failure without asking anything. */
    private static final List<String> NO_CREDENTIALS_SENT = List.of("No authentication mechanisms supported",
            "asked for more");

    /**
     * {@code e} as {@link #translate} says it when it is a slip inside the mail library while it read a server's answer
     * (a server's fault, 75: hunt 33 X11); null when it is not, so that postern's own slip stays an internal error.
     * For the tasks on an account's thread that reach the library without going through {@link #translate}.
     */
    public static PosternException answerSlip(AccountConfig a, RuntimeException e) {
        for (Throwable t : chain(e)) {
            if (ServerFaults.answerReader(t) != null) return translate(a, e);
        }
        return null;
    }

    public static PosternException translate(AccountConfig a, Exception e) {
        if (e instanceof PosternException p) return p;
        String where = a.host() + ":" + a.port();
        String who = "account " + a.name() + ": ";
        List<Throwable> chain = chain(e);

        for (Throwable t : chain) {
            if (t instanceof UnknownHostException) {
                return new dev.postern.model.NotReached(who + "cannot resolve host " + a.host()
                        + "; check host in the config and your network.", e);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new dev.postern.model.NotReached(who + "the connection to " + where
                        + " was refused; is the server running and the port right?", e);
            }
        }
        PosternException trust = certificate(a, who, where, chain, e);
        if (trust != null) return trust;

        String big = tooLarge(chain);
        if (big != null) {
            return new LinkDropped(who + "the server at " + where + " sent an answer larger than "
                    + big + ", more than any message it could hold, so postern stopped reading and closed the connection"
                    + "; the server is faulty: try again later or tell its administrator.", e);
        }
        // Another protocol's greeting is the config's wrong host or port (78), not a faulty server (hunt37-J J16).
        PosternException otherProtocol = a.protocol() == dev.postern.model.Protocol.POP3
                ? LoginRefusals.notPop3(who, where, chain, e) : LoginRefusals.notImap(who, where, chain, e);
        if (otherProtocol != null) return otherProtocol;
        String fault = ServerFaults.serverFault(chain);
        if (fault != null) {
            return new LinkDropped(who + "the server at " + where + " " + fault
                    + ", so postern closed the connection; the server is faulty: try again later or tell its administrator.", e);
        }
        String link = linkFault(chain);
        if (link != null) return network(a, who, where, link, e);
        for (Throwable t : chain) {
            // Angus's SMTP text for a link closed where a reply was due (its AUTH wraps it as a refused login): never
            // the server's words, nor a response code (hunt31-R R4: "did not log user in (server said: [EOF])", 78).
            if (t.getMessage() != null && t.getMessage().strip().equals(EOF)) return network(a, who, where, "", e);
        }

        for (Throwable t : chain) {
            if (t instanceof SSLException ssl) {
                return new PosternException(ExitCode.CONFIG, who + "TLS with " + where + " could not be agreed on ("
                        + oneLine(ssl.getMessage()) + "), so no password was sent; check security and port in the config.", e);
            }
        }
        String text = allText(chain);
        String lower = text.toLowerCase(Locale.ROOT);
        PosternException tls = LoginRefusals.startTls(a, who, where, text, e);
        if (tls != null) return tls;
        if (lower.contains("stls required but failed") || lower.contains("starttls failed")) {
            return new PosternException(ExitCode.CONFIG, who + "the server at " + where
                    + " refused to start TLS, so no password was sent; use security = \"tls\" or check the port.", e);
        }
        // Angus's own words only: a server's text (its greeting's capability list) may name STARTTLS too (hunt 33 X15).
        if (lower.contains("starttls required but not supported") || lower.contains("starttls is required but")
                || lower.contains("starttls failure") || lower.contains("stls required but not supported")) {
            return new PosternException(ExitCode.CONFIG, who + "the server at " + where
                    + " does not offer STARTTLS, so no password was sent; use security = \"tls\" or check the port.", e);
        }
        if (a.oauth2() != null) {
            PosternException o = oauth(a, who, where, text, e);
            if (o != null) return o;
        }
        for (Throwable t : chain) {
            if (t instanceof NoLoginMethod none) return NoLoginMethod.sentence(a, who, where, none.offers(), none.startTls(), true, e);
        }
        if (e instanceof AuthenticationFailedException) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            for (String ours : NO_CREDENTIALS_SENT) {
                if (m.contains(ours)) return NoLoginMethod.sentence(a, who, where, oneLine(m), false, false, e);
            }
            return LoginRefusals.login(a, who, where, m, e); // the server's answer to the login, by its response code
        }
        if (e instanceof FolderNotFoundException f) {
            return new PosternException(ExitCode.NOINPUT, who + "there is no folder "
                    + quote(f.getFolder() == null ? "?" : f.getFolder().getFullName())
                    + " on the server; `postern folders --account " + dev.postern.model.Names.shell(a.name()) + "` lists them.", e);
        }
        String words = serverWords(e);
        for (Throwable t : chain) {
            if (t instanceof StoreClosedException || t instanceof FolderClosedException) {
                // Closed with no fault of ours known underneath: the server's BYE when it sent one, else a lost link.
                if (words != null) {
                    return new LinkDropped(who + "the server at " + where + " ended the connection"
                            + quoted(words) + "; try again later.", e);
                }
                return network(a, who, where, "", e);
            }
        }
        PosternException untagged = untagged(who, where, words, e);
        if (untagged != null) return untagged;
        if (words != null && words.regionMatches(true, 0, "BAD", 0, 3) && (words.length() == 3 || words.charAt(3) == ' ')
                && refusal(words) == ExitCode.TEMPFAIL) { // a response code that says it stands keeps its exit code
            // BAD is not a refusal of what was asked but of the command itself: the server's fault (or a command
            // it does not know), not the link's, and not one a user can do anything about but wait or report.
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where
                    + " answered postern's command with BAD, rejecting it as malformed" + quoted(words)
                    + "; the server is faulty: try again later or tell its administrator.", e);
        }
        if (words != null) {
            ExitCode refusal = refusal(words);
            if (refusal != ExitCode.TEMPFAIL) {
                // A response code that says the refusal stands (RFC 5530): trying again later would not help.
                return new PosternException(refusal, who + "the server at " + where + " refused" + quoted(words) + ".", e);
            }
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where + " refused"
                    + quoted(words) + "; try again later.", e);
        }
        for (Throwable t : chain) {
            if (t instanceof IOException) return network(a, who, where, oneLine(t.getMessage()), e);
        }
        if (e instanceof MessagingException) {
            // Angus's own words (not the server's): say what failed without calling it a quote.
            return new PosternException(ExitCode.TEMPFAIL, who + "talking to " + where + " failed ("
                    + oneLine(e.getMessage()) + "); try again later.", e);
        }
        return new PosternException(ExitCode.SOFTWARE, who + "unexpected error (" + e + "); see the log file.", e);
    }

    /**
     * A failure whose server words are an untagged answer that refuses nothing (hunt33-X X13): a BYE is the server
     * closing the connection (shutting down, restarting, too busy: 75, try again), and a line that is neither a status
     * nor a response postern knows (`* O` as greeting) is an answer it cannot read, the server's fault. Null otherwise.
     */
    private static PosternException untagged(String who, String where, String words, Exception e) {
        if (words == null) return null;
        String w = words.startsWith("* ") ? words.substring(2).strip() : words;
        if (w.regionMatches(true, 0, "BYE", 0, 3) && (w.length() == 3 || w.charAt(3) == ' ')) {
            return new LinkDropped(who + "the server at " + where + " ended the connection" + quoted(w)
                    + "; try again later.", e);
        }
        if (!words.startsWith("* ")) return null;
        for (String status : List.of("NO", "BAD")) { // an untagged NO or BAD is still the server saying no
            if (w.regionMatches(true, 0, status, 0, status.length())
                    && (w.length() == status.length() || w.charAt(status.length()) == ' ')) return null;
        }
        return new LinkDropped(who + "the server at " + where + " sent an answer postern cannot read" + quoted(words)
                + ", so postern closed the connection; the server is faulty: try again later or tell its administrator.", e);
    }

    /**
     * The exit code of a refusal, from the response code the server gave it (RFC 5530): 77 for one that stands
     * (no permission, cannot, already exists, over quota...), 66 for a mailbox that does not exist, else 75 (none
     * given, or one that passes: in use, unavailable, a server bug).
     */
    public static ExitCode refusal(String words) {
        String w = words.strip();
        int open = w.indexOf('[');
        if (open < 0 || open > 4) return ExitCode.TEMPFAIL; // "NO [CODE] ...", "BAD [CODE] ...", "[CODE] ..."
        int close = w.indexOf(']', open);
        if (close < 0) return ExitCode.TEMPFAIL;
        String code = w.substring(open + 1, close).strip().split(" ")[0].toUpperCase(java.util.Locale.ROOT);
        return switch (code) {
            case "NOPERM", "CANNOT", "ALREADYEXISTS", "OVERQUOTA", "LIMIT", "PRIVACYREQUIRED", "CONTACTADMIN",
                 "EXPUNGEISSUED", "CLIENTBUG" -> ExitCode.NOPERM;
            case "NONEXISTENT" -> ExitCode.NOINPUT;
            default -> ExitCode.TEMPFAIL;
        };
    }

    /**
     * An OAuth2 login that found no mechanism (nothing was sent) or whose token the server refused (78), or null.
     * Never "password": the account has none.
     */
    private static PosternException oauth(AccountConfig a, String who, String where, String text, Exception e) {
        if (text.contains(OAuthSasl.NO_MECHANISM) || text.contains("No authentication mechanisms supported")) {
            return new PosternException(ExitCode.CONFIG, who + "the server at " + where
                    + " offers neither OAUTHBEARER nor XOAUTH2"
                    + ", so no token was sent; check host and port, or use auth = \"password\" for this server.", e);
        }
        if (e instanceof AuthenticationFailedException) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            // auth login does nothing for an account whose token_command supplies the tokens: that command is to check.
            return new dev.postern.model.LoginRefused(who + "the server rejected the OAuth2 token for user '"
                    + a.user() + "'" + quoted(m) + "; check user in the config, and if it persists "
                    + (a.oauth2().external() ? "check that token_command gives a current access token for this user"
                            + " (postern keeps no tokens of its own for this account)." : "run `postern auth login " + a.name() + "`."), e);
        }
        return null;
    }

    /** A certificate failure (78), or null. */
    private static PosternException certificate(AccountConfig a, String who, String where, List<Throwable> chain, Exception e) {
        for (Throwable t : chain) {
            if (t instanceof HostNames.Mismatch m) {
                return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                        + " does not name host '" + a.host() + "' (it names " + m.names()
                        + "); use the host name the certificate names.", e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof TlsTrust.OutOfDate d) {
                String which = d.position() == 0 ? "the TLS certificate of " + where : "a certificate in the chain " + where + " sent";
                String day = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(d.when().atZone(java.time.ZoneOffset.UTC));
                return new PosternException(ExitCode.CONFIG, who + (d.expired()
                        ? which + " expired on " + day + " (UTC); the server's administrator must renew it (postern takes no"
                                + " expired certificate, pinned with tls_trust_cert or not)."
                        : which + " is not valid until " + day + " (UTC); check this machine's clock, or ask the server's"
                                + " administrator."), e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertificateException || (t instanceof SSLException && isCertificateText(t.getMessage()))) {
                if (isHostnameMismatch(t)) {
                    return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                            + " does not name host '" + a.host() + "'; use the host name the certificate names.", e);
                }
                return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                        + " is not trusted; if you trust it, save it as PEM and set tls_trust_cert to that file.", e);
            }
        }
        String text = allText(chain).toLowerCase(Locale.ROOT);
        if (text.contains("not trusted") || text.contains("verify identity") || text.contains("server identity")) {
            return new PosternException(ExitCode.CONFIG, who + "the TLS certificate of " + where
                    + " does not match host '" + a.host() + "' or is not trusted; check host and tls_trust_cert.", e);
        }
        return null;
    }

    private static boolean isCertificateText(String m) {
        String l = m == null ? "" : m.toLowerCase(Locale.ROOT);
        return l.contains("pkix") || l.contains("certificate") || l.contains("certification path");
    }

    private static PosternException network(AccountConfig a, String who, String where, String fault, Exception e) {
        if (fault.startsWith(AnswerTooLargeException.TOO_MUCH)) {
            return new LinkDropped(who + "the server at " + where + " sent more than "
                    + fault.substring(AnswerTooLargeException.TOO_MUCH.length())
                    + ", so postern stopped reading and closed the connection: a fault of the server, not of this account"
                    + "; try again later or tell the server's administrator.", e);
        }
        if (fault.startsWith(LinkTimeoutException.ANSWER_LATE)) {
            return new LinkDropped(who + "the server at " + where + " did not complete its answer"
                    + fault.substring(LinkTimeoutException.ANSWER_LATE.length() - " within ".length())
                    + ", too slow to be working (an answer may take timeout_seconds plus 1 s per KiB it carries)"
                    + "; try again later or raise timeout_seconds.", e, true);
        }
        if (fault.startsWith(LinkTimeoutException.NO_DATA) && fault.endsWith(LinkTimeoutException.SILENT)
                && a.security() != dev.postern.model.Security.TLS && TlsPort.speaksTls(a.host(), a.port(), a.timeout())) {
            // No greeting at all, and the port answers a TLS hello: it wants TLS from the start (hunt37-I I5).
            return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " sent no greeting within "
                    + a.timeout().toSeconds() + " s, and it answers TLS: this port speaks TLS from the start (as 993, 995"
                    + " and 465 do); set security = \"tls\" for it in the config, or use the server's port for STARTTLS.", e);
        }
        if (fault.startsWith(LinkTimeoutException.NO_DATA) || fault.equals("Read timed out")) {
            return new LinkDropped(who + "no answer from " + where + " within "
                    + a.timeout().toSeconds() + " s; try again later or raise timeout_seconds.", e, true);
        }
        if (fault.startsWith(LinkTimeoutException.NOT_TAKEN)) {
            return new LinkDropped(who + "the server at " + where + " took nothing we sent for "
                    + a.timeout().toSeconds() + " s; try again later or raise timeout_seconds.", e, true);
        }
        if (fault.equals(LinkLostException.CUT_MESSAGE)) {
            return new LinkDropped(who + "postern closed the connection to " + where
                    + " while quitting; what was stored before is kept.", e);
        }
        // Angus's own guesses ("Connection dropped by server?", "EOF on socket") are not said: they are neither the
        // server's words nor the system's, only that the link ended, which the sentence says (hunt32-V G3).
        String how = fault.startsWith(LinkLostException.LOST) ? fault.substring(LinkLostException.LOST.length() - 1)
                : fault.isEmpty() || ANGUS_CLOSED.stream().anyMatch(fault::startsWith) ? "" : "(" + fault + ")";
        return new LinkDropped(who + "the connection to " + where + " was lost"
                + (how.isEmpty() ? "" : " " + how) + "; try again later.", e);
    }

    /**
     * The cap an answer went past ("256 MiB"), when that is why the connection ended, or null: our exception, in
     * the chain or behind Angus's made-up BYE, or only its text where Angus kept no more.
     */
    private static String tooLarge(List<Throwable> chain) {
        for (Throwable t : chain) {
            // An IMAP answer's cap (a POP3 or SMTP one has none here: its text is read by linkFault and network).
            if (t instanceof AnswerTooLargeException big && big.cap() >= 0) return AnswerTooLargeException.size(big.cap());
            if (t instanceof ProtocolException pe && pe.getResponse() != null && pe.getResponse().isSynthetic()
                    && pe.getResponse().getException() instanceof AnswerTooLargeException big && big.cap() >= 0) {
                return AnswerTooLargeException.size(big.cap());
            }
        }
        for (Throwable t : chain) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(AnswerTooLargeException.TOO_LARGE);
            if (at >= 0) {
                String rest = m.substring(at + AnswerTooLargeException.TOO_LARGE.length());
                int end = rest.indexOf(' ');
                try {
                    return AnswerTooLargeException.size(Long.parseLong(end < 0 ? rest : rest.substring(0, end)));
                } catch (NumberFormatException ignored) {
                    return "its cap";
                }
            }
        }
        return null;
    }

    /**
     * A fault of the link itself, in the words that describe it, or null when the link was sound: one of our
     * socket's exceptions, a JDK socket failure, or Angus's text for either (a made-up BYE, a flattened message).
     */
    private static String linkFault(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof LinkTimeoutException || t instanceof LinkLostException || t instanceof AnswerTooLargeException) {
                return t.getMessage();
            }
            // Angus's way to say a store or folder it had found dead is closed (IMAP store, IMAP folder, POP3 folder):
            // the link was lost before this call.
            if (t instanceof IllegalStateException && ("Not connected".equals(t.getMessage())
                    || "Folder not open".equals(t.getMessage())
                    || String.valueOf(t.getMessage()).contains("on a closed folder"))) {
                return "";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ProtocolException pe && pe.getResponse() != null && pe.getResponse().isSynthetic()) {
                Exception under = pe.getResponse().getException();
                if (under != null) {
                    String inner = linkFault(chain(under));
                    if (inner != null) return inner;
                }
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException) return "Read timed out";
            if (t instanceof SocketException || t instanceof EOFException) return oneLine(t.getMessage());
        }
        for (Throwable t : chain) {
            String m = t.getMessage();
            if (m == null) continue;
            int bye = m.indexOf(SYNTHETIC_BYE);
            if (bye >= 0) return fromText(m.substring(bye + SYNTHETIC_BYE.length()).strip(), true);
            String known = fromText(m.strip(), false);
            if (known != null) return known;
        }
        return null;
    }

    /**
     * The link fault a text names, or null. {@code synthetic}: the text is "class: message" of a client-side
     * exception (Angus's made-up BYE), so it is a link fault whatever it says.
     */
    private static String fromText(String text, boolean synthetic) {
        String message = text;
        if (synthetic) {
            int colon = text.indexOf(": ");
            message = colon >= 0 ? text.substring(colon + 2) : "";
        }
        for (String ours : List.of(LinkTimeoutException.ANSWER_LATE, LinkTimeoutException.NO_DATA,
                LinkTimeoutException.NOT_TAKEN, LinkLostException.LOST, AnswerTooLargeException.TOO_MUCH)) {
            if (message.startsWith(ours)) return message;
        }
        for (String closed : CLOSED_TEXTS) {
            if (message.startsWith(closed)) return message.equals("Read timed out") ? message : oneLine(message);
        }
        return synthetic ? oneLine(message) : null;
    }

    /** Whether {@code e} is the server's word that the folder is not there (deleted or renamed meanwhile). */
    public static boolean noSuchFolder(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof FolderNotFoundException) return true;
        return false;
    }

    /**
     * What the server itself said in the failure, or null: the text of an IMAP response that is not made up,
     * an SMTP reply carried by the exception, or a BYE it sent. Never a client-side exception's text.
     */
    public static String serverWords(Throwable e) {
        for (Throwable t : chain(e)) {
            if (t instanceof ProtocolException pe && pe.getResponse() != null) {
                Response r = pe.getResponse();
                if (r.isSynthetic()) return null;
                String s = r.toString();
                // Drop the tag: "A12 NO [TRYCREATE] no such mailbox" -> "NO [TRYCREATE] no such mailbox".
                if (r.isTagged()) s = s.substring(s.indexOf(' ') + 1);
                return oneLine(s);
            }
            String cls = t.getClass().getName();
            if (cls.startsWith("org.eclipse.angus.mail.smtp.SMTP") && cls.endsWith("FailedException")) {
                return oneLine(t.getMessage());
            }
        }
        for (Throwable t : chain(e)) {
            String m = t.getMessage();
            if (m != null && m.startsWith("* BYE ") && !m.contains(SYNTHETIC_BYE)) return oneLine(m.substring(2));
            // Angus's body stream flattens the server's tagged NO or BAD into an IOException of the response's text
            // (IMAPInputStream.fill), which read as a lost link: its words are the server's all the same.
            if (t instanceof IOException && m != null && TAGGED_REFUSAL.matcher(m).matches()) {
                return oneLine(m.substring(m.indexOf(' ') + 1));
            }
        }
        return null;
    }

    /** A tagged NO or BAD response's text: tag, status, words. */
    private static final java.util.regex.Pattern TAGGED_REFUSAL =
            java.util.regex.Pattern.compile("(?s)[A-Za-z0-9.]{1,20} (?i:NO|BAD)( .*)?");

    /** The cause chain, with the exception a made-up IMAP response stands for. */
    private static List<Throwable> chain(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
            out.add(t);
            if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t.getCause()) {
                for (Throwable n : chain(m.getNextException())) if (!out.contains(n)) out.add(n);
            }
        }
        return out;
    }

    private static String allText(List<Throwable> chain) {
        StringBuilder b = new StringBuilder();
        for (Throwable t : chain) if (t.getMessage() != null) b.append(t.getMessage()).append('\n');
        return b.toString();
    }

    private static boolean isHostnameMismatch(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("no subject alternative") || m.contains("no name matching") || m.contains("hostname");
    }

    static String quoted(String serverText) {
        if (serverText == null || serverText.isBlank()) return "";
        return " (server said: " + oneLine(serverText) + ")";
    }

    static String oneLine(String m) {
        if (m == null) return "";
        m = m.strip().replaceAll("\\s+", " ");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
