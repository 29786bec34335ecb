package dev.postern.render;

/**
 * Undoes RFC 3676 format=flowed: a line ending in a space continues on the next line (with DelSp=yes
 * that space was added by the sender and is removed), a leading space added for stuffing is removed,
 * quote depth is the count of leading '>' and a paragraph only flows into lines of the same depth.
 * The signature separator "-- " is never a soft break.
 */
final class FlowedText {
    private FlowedText() {}

    static String decode(String text, boolean delSp) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        StringBuilder paragraph = null;
        int paragraphDepth = 0;
        for (String raw : lines) {
            int depth = 0;
            while (depth < raw.length() && raw.charAt(depth) == '>') depth++;
            String content = raw.substring(depth);
            if (content.startsWith(" ")) content = content.substring(1); // stuffing, or the space after '>'
            boolean soft = content.endsWith(" ") && !content.equals("-- ");
            if (paragraph != null && depth != paragraphDepth) {
                // A quote-depth change ends a paragraph even after a soft break (RFC 3676 section 4.5).
                endLine(out, paragraph, paragraphDepth);
                paragraph = null;
            }
            if (paragraph == null) {
                paragraph = new StringBuilder();
                paragraphDepth = depth;
            }
            if (soft) {
                paragraph.append(delSp ? content.substring(0, content.length() - 1) : content);
            } else {
                paragraph.append(content);
                endLine(out, paragraph, depth);
                paragraph = null;
            }
        }
        if (paragraph != null) endLine(out, paragraph, paragraphDepth);
        // endLine terminated every line, including the last, which had no line break of its own.
        if (out.length() > 0) out.setLength(out.length() - 1);
        return out.toString();
    }

    private static void endLine(StringBuilder out, StringBuilder paragraph, int depth) {
        if (depth > 0) {
            out.append(">".repeat(depth));
            if (paragraph.length() > 0) out.append(' ');
        }
        out.append(paragraph).append('\n');
    }
}
