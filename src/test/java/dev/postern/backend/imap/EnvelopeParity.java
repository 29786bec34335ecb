package dev.postern.backend.imap;

import dev.postern.e2e.HostileMail;
import dev.postern.model.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The streamed listing ({@link ImapHeaders#envelopes}) against the listing through Angus's message objects
 * ({@link #throughMessages}) over the same server's answers: every field of every message.
 */
public final class EnvelopeParity {
    private EnvelopeParity() {}

    /** Every hostile message and every corpus message, as raw bytes with a name. */
    public static List<HostileMail.Sample> samples(int bigHeaderBytes) throws IOException {
        return samples(bigHeaderBytes, Integer.MAX_VALUE);
    }

    /** The samples of at most {@code maxBytes} each. */
    public static List<HostileMail.Sample> samples(int bigHeaderBytes, int maxBytes) throws IOException {
        List<HostileMail.Sample> out = new ArrayList<>();
        for (HostileMail.Sample s : HostileMail.all(bigHeaderBytes)) if (s.bytes().length <= maxBytes) out.add(s);
        Path root = Path.of(System.getProperty("postern.corpora", "src/test/resources/corpora"));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                if (!(n.endsWith(".eml") || n.endsWith(".msg") || n.endsWith(".txt")) || n.startsWith("LICENSE")) continue;
                byte[] b = Files.readAllBytes(p);
                if (b.length > 0 && b.length <= maxBytes) out.add(new HostileMail.Sample(root.relativize(p).toString(), b, null, null, null));
            }
        }
        return out;
    }

    /** UID to envelope as the streamed listing gives them from {@code fromUid} (the last envelope of a UID wins). */
    public static Map<Long, Envelope> streamed(ImapSession s, String folder, long fromUid, List<Integer> batchSizes) {
        Map<Long, Envelope> out = new TreeMap<>();
        s.headers().envelopes(folder, fromUid, 7, 50, batch -> {
            batchSizes.add(batch.size());
            for (Envelope e : batch) out.put(e.ref().uid(), e);
        });
        return out;
    }

    /**
     * UID to envelope as Angus's message objects give them, one message at a time through the session's own
     * single-message path ({@code ImapSession.envelope}: {@code IMAPFolder.fetch} of the ENVELOPE, mapped by
     * {@code ImapMapper}, a degraded ENVELOPE read from the header), for every UID the server lists from
     * {@code fromUid}: the way the listing was read before it was streamed.
     */
    public static Map<Long, Envelope> throughMessages(ImapSession s, String folder, long fromUid) {
        Map<Long, Envelope> out = new TreeMap<>();
        for (long uid : new TreeMap<>(s.flags(folder, jakarta.mail.UIDFolder.MAXUID + 1)).keySet()) {
            if (uid < fromUid) continue;
            s.envelope(folder, uid).ifPresent(e -> out.put(uid, e));
        }
        return out;
    }

    /** One line per field that differs, naming the message by UID; empty when the two listings agree. */
    public static List<String> differences(Map<Long, Envelope> expected, Map<Long, Envelope> actual) {
        List<String> out = new ArrayList<>();
        if (!expected.keySet().equals(actual.keySet())) {
            out.add("UIDs: through messages " + expected.keySet() + ", streamed " + actual.keySet());
        }
        for (Map.Entry<Long, Envelope> x : expected.entrySet()) {
            Envelope a = actual.get(x.getKey());
            if (a == null) continue;
            Envelope e = x.getValue();
            field(out, x.getKey(), "ref", e.ref(), a.ref());
            field(out, x.getKey(), "messageId", e.messageId(), a.messageId());
            field(out, x.getKey(), "date", e.date(), a.date());
            field(out, x.getKey(), "from", e.from(), a.from());
            field(out, x.getKey(), "to", e.to(), a.to());
            field(out, x.getKey(), "cc", e.cc(), a.cc());
            field(out, x.getKey(), "subject", e.subject(), a.subject());
            field(out, x.getKey(), "size", e.size(), a.size());
            field(out, x.getKey(), "flags", e.flags(), a.flags());
            field(out, x.getKey(), "inReplyTo", e.inReplyTo(), a.inReplyTo());
            field(out, x.getKey(), "references", e.references(), a.references());
        }
        return out;
    }

    private static void field(List<String> out, long uid, String name, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            out.add("UID " + uid + " " + name + ": through messages [" + expected + "], streamed [" + actual + "]");
        }
    }
}
