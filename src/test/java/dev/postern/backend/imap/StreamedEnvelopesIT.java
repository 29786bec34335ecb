package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.HostileMail;
import dev.postern.model.Envelope;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dovecot's ENVELOPE for every hostile message (a header line over Dovecot's own 10 MiB limit included) and every
 * corpus message, APPENDed byte for byte, listed by the streamed parser and through Angus's message objects:
 * the same envelopes, field for field, every message listed. About 20 s, most of it the APPENDs.
 */
@Tag("e2e")
class StreamedEnvelopesIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @Test
    void dovecotsEnvelopesListAsThroughAngusMessages() throws Exception {
        List<HostileMail.Sample> samples = EnvelopeParity.samples(10 * 1024 * 1024 + 4096);
        try (Store st = DOVECOT.otherClient("alice")) {
            IMAPFolder inbox = (IMAPFolder) st.getFolder("INBOX");
            for (HostileMail.Sample s : samples) {
                byte[] bytes = s.bytes();
                Literal lit = new Literal() {
                    @Override public int size() { return bytes.length; }
                    @Override public void writeTo(OutputStream os) throws IOException { os.write(bytes); }
                };
                inbox.doCommand(p -> {
                    p.append("INBOX", null, null, lit);
                    return null;
                });
            }
        }
        AccountConfig account = new AccountConfig("t", Protocol.IMAP, "localhost", DOVECOT.imapsPort(), Security.TLS,
                "alice", new PasswordSource.Literal(DOVECOT.user("alice")), DOVECOT.certPem(), false,
                Duration.ofSeconds(60), 0);
        try (ImapSession s = new ImapSession(account, () -> DOVECOT.user("alice"))) {
            s.connect();
            Map<Long, Envelope> old = EnvelopeParity.throughMessages(s, "INBOX", 1);
            Map<Long, Envelope> streamed = EnvelopeParity.streamed(s, "INBOX", 1, new ArrayList<>());
            assertEquals(samples.size(), streamed.size(), "every message listed");
            assertEquals(List.of(), EnvelopeParity.differences(old, streamed));
        }
    }
}
