package dev.postern.render;

import dev.postern.model.Part;
import java.util.ArrayList;
import java.util.List;

/** The attachments of a raw message with their decoded bytes, numbered as {@code postern read} lists them. */
public final class Attachments {
    /**
     * @param part      as listed (type and name sanitised for display)
     * @param rawName   the file name as the sender gave it, untrusted: only for {@link SafeName}
     * @param content   decoded bytes, or null when the part was not downloaded
     * @param decrypted the part came out of decrypted content: its bytes exist only in memory, and its text is
     *                  read with {@link AttachmentTextExtractor#privately()} (never cached in clear)
     */
    public record Attachment(Part part, String rawName, byte[] content, boolean decrypted) {
        public Attachment(Part part, String rawName, byte[] content) {
            this(part, rawName, content, false);
        }
    }

    private Attachments() {}

    /** The message's own attachments; parts inside encrypted content are not opened. */
    public static List<Attachment> of(byte[] raw) {
        return of(raw, null);
    }

    /**
     * The message's attachments, then (with {@code crypto}) those inside its encrypted or opaque-signed parts,
     * decrypted in memory and numbered after them, as the pager lists them.
     */
    public static List<Attachment> of(byte[] raw, CryptoEngine crypto) {
        MimeWalker walker = new MimeWalker(RenderOptions.defaults(), new BodyBuilder(), crypto);
        walker.message(MimeParser.parse(raw == null ? new byte[0] : raw));
        List<Attachment> out = new ArrayList<>();
        for (int i = 0; i < walker.parts().size(); i++) {
            out.add(new Attachment(walker.parts().get(i), walker.rawNames().get(i), walker.contents().get(i), walker.decrypted(i)));
        }
        return out;
    }
}
