package dev.postern.compose;

import dev.postern.config.IdentityConfig;
import dev.postern.model.Envelope;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which identity answers a message: the one that sent it when it is the user's own; else the one whose address (or
 * alias) the original was sent to, looked for in To, then Cc, then Delivered-To and X-Original-To (where a list or a
 * Bcc delivered it); else the account's first.
 */
public final class Identities {
    private Identities() {}

    /** The identity for a reply or forward of {@code original} ({@code raw} may be null); null when the account has none. */
    public static IdentityConfig.Identity forOriginal(IdentityConfig.Account account, Envelope original, byte[] raw) {
        // The user's own message (a follow-up, a copy in Sent) is answered by the identity that sent it (hunt 38-M, M11).
        IdentityConfig.Identity i = original.from() == null ? null : account.addressedBy(List.of(original.from()));
        if (i == null) i = account.addressedBy(original.to());
        if (i == null) i = account.addressedBy(original.cc());
        if (i == null) i = account.addressedBy(headers(raw, "Delivered-To", "X-Original-To"));
        return i != null ? i : account.first();
    }

    /**
     * The user's own addresses among {@code original}'s (every identity's address, and the recipients that match an
     * alias), which a reply-all leaves out.
     */
    public static Set<String> own(IdentityConfig.Account account, Envelope original) {
        Set<String> own = new LinkedHashSet<>();
        for (IdentityConfig.Identity i : account.identities()) own.add(i.address());
        List<String> all = new ArrayList<>(original.to());
        all.addAll(original.cc());
        all.add(original.from());
        for (String a : all) {
            if (a == null) continue;
            String bare = IdentityConfig.bare(a);
            for (IdentityConfig.Identity i : account.identities()) if (i.matches(bare)) own.add(bare);
        }
        return own;
    }

    /**
     * The user's own addresses among {@code original}'s over all of {@code accounts} (a message may reach one
     * person at a work and a home account at once): what a reply-all from any of them leaves out.
     */
    public static Set<String> own(java.util.Collection<IdentityConfig.Account> accounts, Envelope original) {
        Set<String> own = new LinkedHashSet<>();
        for (IdentityConfig.Account a : accounts) if (a != null) own.addAll(own(a, original));
        return own;
    }

    /** The bare addresses in the named header fields of {@code raw} (each field may occur several times). */
    static List<String> headers(byte[] raw, String... names) {
        List<String> out = new ArrayList<>();
        if (raw == null) return out;
        try {
            InternetHeaders h = new InternetHeaders(new ByteArrayInputStream(raw));
            for (String n : names) {
                String[] values = h.getHeader(n);
                if (values == null) continue;
                for (String v : values) {
                    for (String part : MimeUtility.unfold(dev.postern.render.Charsets.rawHeader(v)).split(",")) {
                        if (!part.isBlank()) out.add(IdentityConfig.bare(part));
                    }
                }
            }
        } catch (Exception e) {
            // an unreadable header block names no recipient
        }
        return out;
    }
}
