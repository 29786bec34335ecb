package dev.postern.render;

import dev.postern.model.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The attachments of a raw message with their decoded bytes, numbered as {@code postern read} lists them. */
public final class Attachments {
    /**
     * One attachment: {@code part} as listed (type and name sanitised for display), {@code rawName} the file name as
     * the sender gave it, untrusted (only for {@link SafeName}), {@code content} its decoded bytes or null when the
     * part was not downloaded, {@code decrypted} whether it came out of decrypted content (its bytes exist only in
     * memory, and its text is read with {@link AttachmentTextExtractor#privately()}: never cached in clear).
     *
     * <p>The content of a part of a whole message is decoded at the first {@link #content()}, and kept from then
     * on: listing a message's attachments (or saving one of them) does not decode the others.
     */
    public static final class Attachment {
        private final Part part;
        private final String rawName;
        private final boolean decrypted;
        private Supplier<byte[]> source;
        private byte[] content;

        public Attachment(Part part, String rawName, byte[] content) {
            this(part, rawName, content, false);
        }

        public Attachment(Part part, String rawName, byte[] content, boolean decrypted) {
            this.part = part;
            this.rawName = rawName;
            this.content = content;
            this.decrypted = decrypted;
        }

        Attachment(Part part, String rawName, Supplier<byte[]> source, boolean decrypted) {
            this(part, rawName, (byte[]) null, decrypted);
            this.source = source;
        }

        public Part part() {
            return part;
        }

        public String rawName() {
            return rawName;
        }

        public boolean decrypted() {
            return decrypted;
        }

        /** The decoded bytes, or null when the part was not downloaded. */
        public synchronized byte[] content() {
            if (content == null && source != null) {
                content = source.get();
                source = null;
            }
            return content;
        }

        @Override
        public String toString() {
            return "Attachment[part=" + part + ", rawName=" + rawName + ", decrypted=" + decrypted + "]";
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
            Supplier<byte[]> content = walker.contents().get(i);
            out.add(content == null
                    ? new Attachment(walker.parts().get(i), walker.rawNames().get(i), (byte[]) null, walker.decrypted(i))
                    : new Attachment(walker.parts().get(i), walker.rawNames().get(i), content, walker.decrypted(i)));
        }
        return out;
    }
}
