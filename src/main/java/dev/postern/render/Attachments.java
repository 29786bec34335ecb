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
        /** Where the decoded bytes are kept (a part downloaded alone), or null: they are in memory or the message. */
        private final java.nio.file.Path file;
        /** The part's declared charset parameter, or null: its text is read by it, not guessed (hunt 38-A, A6). */
        private String charset;

        public Attachment(Part part, String rawName, byte[] content) {
            this(part, rawName, content, false);
        }

        public Attachment(Part part, String rawName, byte[] content, boolean decrypted) {
            this.part = part;
            this.rawName = rawName;
            this.content = content;
            this.decrypted = decrypted;
            this.file = null;
        }

        /**
         * A part whose decoded bytes are in {@code file} (a part downloaded alone, kept on disk): written and piped from
         * there as a stream, never read whole into memory unless {@link #bytes} is asked for (show, open).
         */
        public Attachment(Part part, String rawName, java.nio.file.Path file) {
            this.part = part;
            this.rawName = rawName;
            this.decrypted = false;
            this.file = file;
        }

        Attachment(Part part, String rawName, Supplier<byte[]> source, boolean decrypted, String charset) {
            this(part, rawName, (byte[]) null, decrypted);
            this.source = source;
            this.charset = charset;
        }

        String charset() {
            return charset;
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

        /**
         * The decoded bytes, for every use that writes, shows, pipes or opens them (CLI attachment save, show and open;
         * the reader's s, | and mailcap): never an empty stand-in for bytes not at hand, which were saved as an empty
         * file with "saved" (hunt 35-E, E12). The one check, and the one sentence, for all of them.
         *
         * @throws dev.postern.model.PosternException (65) when the part was not downloaded and the message read holds
         *     none of it
         */
        public byte[] bytes() {
            atHand();
            return content();
        }

        /**
         * Checks that the decoded bytes are at hand without making them (a save checks every attachment first, then
         * writes: none saved when one is not at hand).
         *
         * @throws dev.postern.model.PosternException (65) as {@link #bytes}
         */
        public synchronized void atHand() {
            if (file != null || content != null || source != null) return;
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.DATAERR, "attachment " + part.index()
                    + " was not downloaded and the message read holds none of it: nothing written; A in the reader, or"
                    + " `postern fetch`, downloads the message whole.");
        }

        /**
         * Writes the decoded bytes to {@code out}: from the file they are kept in, a block at a time, else as {@link
         * #bytes}. What saves and pipes use, so a large part downloaded alone never passes through memory whole.
         *
         * @throws dev.postern.model.PosternException (65) as {@link #bytes} when the bytes are not at hand
         */
        public void writeTo(java.io.OutputStream out) throws java.io.IOException {
            if (file != null) {
                java.nio.file.Files.copy(file, out);
                return;
            }
            out.write(bytes());
        }

        /** The decoded size: of the kept file or the bytes when at hand, else the size listed. */
        public synchronized long size() {
            if (file != null) {
                try {
                    return java.nio.file.Files.size(file);
                } catch (java.io.IOException e) {
                    return part.size();
                }
            }
            byte[] c = content;
            return c == null ? part.size() : c.length; // a whole message's part is listed by its decoded size
        }

        /** The decoded bytes, or null when the part was not downloaded (to list it; to use them, {@link #bytes}). */
        public synchronized byte[] content() {
            if (content == null && file != null) {
                try {
                    content = java.nio.file.Files.readAllBytes(file);
                } catch (java.io.IOException e) {
                    throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.IOERR, "cannot read attachment "
                            + part.index() + "'s download (" + Sanitizer.oneLine(String.valueOf(e.getMessage())) + "); try again.", e);
                }
            }
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
    public static Listed of(byte[] raw, CryptoEngine crypto) {
        MimeWalker walker = new MimeWalker(RenderOptions.defaults(), new BodyBuilder(), crypto);
        walker.message(MimeParser.parse(raw == null ? new byte[0] : raw));
        List<String> unopened = new ArrayList<>();
        if (crypto != null) {
            for (Protection p : walker.protections()) {
                if (p.encryption() != null && !p.encryption().decrypted()) unopened.add(p.encryption().detail());
            }
        }
        List<Attachment> out = new ArrayList<>();
        for (int i = 0; i < walker.parts().size(); i++) {
            Supplier<byte[]> content = walker.contents().get(i);
            out.add(content == null
                    ? new Attachment(walker.parts().get(i), walker.rawNames().get(i), (byte[]) null, walker.decrypted(i))
                    : new Attachment(walker.parts().get(i), walker.rawNames().get(i), content, walker.decrypted(i),
                            walker.charsets().get(i)));
        }
        return new Listed(out, unopened);
    }

    /**
     * A message's attachments and why its encrypted parts that could not be decrypted were not (their attachments
     * are not in the list: a number past its end may be one of them, hunt34-B B13).
     */
    public static final class Listed extends java.util.AbstractList<Attachment> implements java.util.RandomAccess {
        private final List<Attachment> items;
        private final List<String> unopened;

        Listed(List<Attachment> items, List<String> unopened) {
            this.items = List.copyOf(items);
            this.unopened = List.copyOf(unopened);
        }

        @Override public Attachment get(int i) { return items.get(i); }

        @Override public int size() { return items.size(); }

        /** Why each encrypted part that could not be opened was not, as its status line says (sanitised). */
        public List<String> unopened() { return unopened; }

        /**
         * The exit class of the first reason: 69 when gpg is not installed, 75 when it ran out of time, 77 when a
         * passphrase could not be asked for, 65 otherwise (no secret key, damaged data).
         */
        public dev.postern.model.ExitCode exitCode() {
            String why = unopened.isEmpty() ? "" : unopened.get(0);
            if (why.contains("is not installed")) return dev.postern.model.ExitCode.UNAVAILABLE;
            if (why.contains("did not answer in time")) return dev.postern.model.ExitCode.TEMPFAIL;
            if (why.contains("passphrase") || why.contains("password")) return dev.postern.model.ExitCode.NOPERM;
            return dev.postern.model.ExitCode.DATAERR;
        }
    }
}
