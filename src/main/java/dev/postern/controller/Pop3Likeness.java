package dev.postern.controller;

import dev.postern.backend.pop3.Pop3Listing;
import dev.postern.model.Envelope;
import dev.postern.store.MailStore;
import dev.postern.store.UidlEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the text a POP3 server sent for one message (RETR) is that message's, as far as postern can tell from what
 * it already has, without a byte more on the wire. A server that answers RETR n with another message's text (a bug
 * of its index) would otherwise have message n stored as that text and, under {@code keep_on_server = false},
 * deleted unseen. Told apart: for an account that deletes, the same bytes as another message of this run, or as a
 * stored message the server still lists under another UIDL; for every account, a message whose header was stored
 * before (TOP) brought with another Message-ID. An account that deletes nothing takes identical texts as they are: a
 * duplicate the server really holds, or a server that renumbered its UIDLs, must not be refused at every run. LIST's sizes are not compared here (Pop3Faults.checkEnd uses them only to decide whether to look past a message's end): by default Exchange's are estimates, and some servers count bare LFs, so
 * a mismatch would keep good mail on the server for ever.
 */
final class Pop3Likeness {
    private final MailStore store;
    private final String account;
    private final Map<String, UidlEntry> ledger;
    /** The hash of each text this run retrieved, with the number it was asked for by. */
    private final Map<String, Integer> seen = new HashMap<>();

    /**
     * Whether the account deletes from the server (keep_on_server = false, or delete_after_days): only then can a text
     * taken for another message's cost that message (deleted unseen), so only then are texts compared byte for byte.
     */
    private final boolean deletes;
    /** The UIDLs the server lists now: a stored twin under a UIDL it no longer lists is no other message of its. */
    private final java.util.Set<String> onServer;

    Pop3Likeness(MailStore store, String account, Map<String, UidlEntry> ledger, boolean deletes, java.util.Set<String> onServer) {
        this.store = store;
        this.account = account;
        this.ledger = ledger;
        this.deletes = deletes;
        this.onServer = onServer;
    }

    /**
     * Why {@code got}, the server's answer to RETR of {@code l}, is not that message's text, or null when nothing says
     * so. {@code known}: the ledger's entry for it (its header stored before), or null for a new message.
     */
    String mismatch(Pop3Listing l, UidlEntry known, byte[] got) {
        if (known != null) {
            String had = store.envelope(Pop3Fetch.ref(account, known.localUid())).map(Envelope::messageId).orElse(null);
            String now = dev.postern.backend.pop3.Pop3Mapper.envelope(Pop3Fetch.ref(account, known.localUid()), got,
                    got.length, java.time.Instant.EPOCH).messageId();
            if (had != null && now != null && !had.equals(now)) return "a text whose Message-ID is not the one its header had";
        }
        // An account that deletes nothing takes two messages of the same bytes as they are (a duplicate the server really
        // holds would otherwise be refused and fetched again at every run, hunt 31-T, T4): nothing can be lost there, and
        // nothing is hashed.
        if (!deletes) return null;
        String hash = MailStore.blobHash(got); // the store's own, as the stored envelopes' bodyHash
        String why = twin(l, known, hash);
        // Only a text taken for its message's own is one a later message must not bring too.
        if (why == null) seen.putIfAbsent(hash, l.number());
        return why;
    }

    /** Whether these bytes ({@code hash}) are another message's: of this run, or stored under a UIDL the server lists. */
    private String twin(Pop3Listing l, UidlEntry known, String hash) {
        Integer twin = seen.get(hash);
        if (twin != null && twin != l.number()) return "the same text as message " + twin + " of this run";
        if (store.blobLength(hash).isEmpty()) return null;
        // Rare: these very bytes are stored already. Under another message the server still lists? One whose UIDL it no
        // longer lists is deleted, or this very message under a new UIDL (a server moved, its UIDL format changed:
        // refusing those would fetch them all again at every run, for ever, hunt 31-T, T3); a server cannot send the
        // text of a message it no longer holds.
        for (Map.Entry<String, UidlEntry> e : ledger.entrySet()) {
            long uid = e.getValue().localUid();
            if (e.getKey().equals(l.uidl()) || known != null && uid == known.localUid() || !onServer.contains(e.getKey())) continue;
            Optional<Envelope> env = store.envelope(Pop3Fetch.ref(account, uid));
            if (env.isPresent() && hash.equals(env.get().bodyHash())) {
                return "the same text as a message fetched before (UID " + uid + " in the store)";
            }
        }
        return null;
    }
}
