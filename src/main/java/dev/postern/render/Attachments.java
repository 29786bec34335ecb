package dev.postern.render;

import dev.postern.model.Part;
import java.util.ArrayList;
import java.util.List;

/** The attachments of a raw message with their decoded bytes, numbered as {@code postern read} lists them. */
public final class Attachments {
    /**
     * @param part     as listed (type and name sanitised for display)
     * @param rawName  the file name as the sender gave it, untrusted: only for {@link SafeName}
     * @param content  decoded bytes, or null when the part was not downloaded
     */
    public record Attachment(Part part, String rawName, byte[] content) {}

    private Attachments() {}

    public static List<Attachment> of(byte[] raw) {
        MimeWalker walker = new MimeWalker(RenderOptions.defaults(), new BodyBuilder());
        walker.message(MimeParser.parse(raw == null ? new byte[0] : raw));
        List<Attachment> out = new ArrayList<>();
        for (int i = 0; i < walker.parts().size(); i++) {
            out.add(new Attachment(walker.parts().get(i), walker.rawNames().get(i), walker.contents().get(i)));
        }
        return out;
    }
}
