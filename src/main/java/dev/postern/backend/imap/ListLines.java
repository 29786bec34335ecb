package dev.postern.backend.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line of a LIST or LSUB answer read into a folder ({@link CappedProtocol#doList}), where Angus's own reading goes
 * wrong on what servers send: a delimiter of more than one character, a quoted name with an escaped quote, a line
 * without a name, a name ending in its delimiter, a name that is not valid modified UTF-7.
 */
final class ListLines {
    private static final Logger log = LoggerFactory.getLogger(CappedProtocol.class);

    private ListLines() {}

    /** The folder of {@code given} (a line of {@code cmd}'s answer), or null for a line without a name (left out). */
    static ListInfo read(String cmd, IMAPResponse given, boolean utf8) throws ProtocolException {
        IMAPResponse ir = given;
        String flat = MailboxNames.flatDelimiter(given.toString());
        if (flat != null) {
            log.warn("the server's {} answer gives a delimiter of more than one character; its names are"
                    + " taken whole (no hierarchy): {}", cmd, flat);
            try {
                // toString gave the line's bytes one char each: read back as the server's UTF-8 where enabled.
                ir = new IMAPResponse(utf8 ? new String(flat.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        java.nio.charset.StandardCharsets.UTF_8) : flat, utf8);
            } catch (IOException | ProtocolException | RuntimeException e) {
                ir = given;
            }
        }
        // The raw name from a copy of its own bytes: Angus unescapes a quoted string in place, so reading it
        // twice from one buffer turned "Qu\"ote" into "Qu" for the second reader (ListInfo), and every
        // STATUS and SELECT of that folder then named another one.
        String raw;
        try {
            raw = rawName(copy(ir));
        } catch (ProtocolException | RuntimeException unreadable) {
            raw = null; // a line without a name (or no line at all): ListInfo and nameless() decide
        }
        ListInfo li = new ListInfo(ir);
        if (nameless(cmd, li)) return null;
        if (li.separator != '\0' && li.name.length() > 1 && li.name.indexOf(li.separator) == li.name.length() - 1) {
            // "trail/": Angus's folder would drop the trailing delimiter (taking it for a namespace) and
            // then ask for "trail", which the server does not have. Without a delimiter the name is kept.
            li.separator = '\0';
        }
        if (!utf8 && raw != null && !MailboxNames.wellFormed(raw)) {
            log.warn("the server lists a folder whose name is not valid modified UTF-7: {}; listed as is,"
                    + " not synced", raw);
            li.name = raw;
            li.canOpen = false;
            List<String> attrs = new ArrayList<>(List.of(li.attrs));
            attrs.add("\\Noselect");
            li.attrs = attrs.toArray(new String[0]);
        }
        return li;
    }

    /** {@code ir} read afresh from its own copy of the bytes (Angus's copy constructor shares the buffer). */
    private static IMAPResponse copy(IMAPResponse ir) throws ProtocolException {
        try {
            return new IMAPResponse(ir.toString());
        } catch (IOException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    /**
     * Whether {@code li} is a line of the answer without a folder name ("* LIST () NIL"), logged: that line's fault,
     * left out, not the whole listing's (Angus makes a folder of every line, and one without a name fails all).
     */
    private static boolean nameless(String cmd, ListInfo li) {
        if (li.name != null) return false;
        log.warn("the server's {} answer has a line without a folder name; left out", cmd);
        return true;
    }

    /** The name in a LIST answer as the server sent it (ListInfo's own walk of the answer), or null. */
    private static String rawName(IMAPResponse r) {
        r.readSimpleList();
        r.skipSpaces();
        if (r.readByte() == '"') {
            if (r.readByte() == '\\') r.readByte();
            r.skip(1);
        } else {
            r.skip(2);
        }
        r.skipSpaces();
        return r.readAtomString();
    }

    /** Untagged answers a LIST may bring beside its own lines that postern knows (any other is one it could not read). */
    private static final java.util.Set<String> KNOWN = java.util.Set.of("LIST", "LSUB", "EXISTS", "EXPUNGE", "FETCH",
            "RECENT", "FLAGS", "CAPABILITY", "STATUS", "ENABLED", "ID", "NAMESPACE", "SEARCH", "ESEARCH", "VANISHED",
            "QUOTA", "QUOTAROOT", "MYRIGHTS", "ACL", "LISTRIGHTS", "METADATA");

    /** Whether untagged answer {@code r} in a LIST's answer is one no server sends (a garbled {@code * LIS?T}). */
    static boolean unreadable(IMAPResponse r) {
        if (!r.isUnTagged() || r.isOK() || r.isNO() || r.isBAD() || r.isBYE()) return false;
        String key = r.getKey();
        return key == null || (!KNOWN.contains(key.toUpperCase(java.util.Locale.ROOT)) && !key.equalsIgnoreCase("PREAUTH"));
    }
}
