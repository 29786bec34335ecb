package dev.postern.compose;

/**
 * Text to format=flowed (RFC 3676, DelSp=no): long lines are broken after a space, the space kept at the
 * end of the line as the soft-break mark; lines that end in a space are trimmed first, so that only our
 * soft breaks end in one; lines starting with a space, "From " or '&gt;' (when not a quote) are space-stuffed.
 * Quoted lines keep their '&gt;' prefix on every piece.
 */
public final class FlowedEncoder {
    static final int WIDTH = 72;

    private FlowedEncoder() {}

    public static String encode(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) n--; // a final newline is not an extra empty line
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            if (line.equals("-- ")) { // the signature separator keeps its space and is never flowed
                out.append(line).append("\r\n");
                continue;
            }
            int depth = 0;
            while (depth < line.length() && line.charAt(depth) == '>') depth++;
            String quote = line.substring(0, depth);
            String content = stripTrailingSpaces(line.substring(depth));
            if (depth > 0 && content.startsWith(" ")) content = content.substring(1);
            String prefix = depth > 0 ? quote + " " : "";
            while (true) {
                int room = WIDTH - prefix.length();
                String piece;
                String rest;
                if (content.length() <= room) {
                    piece = content;
                    rest = null;
                } else {
                    int cut = content.lastIndexOf(' ', room);
                    if (cut <= 0) cut = content.indexOf(' ', room); // one long word: break after it
                    if (cut <= 0 || cut == content.length() - 1) {
                        piece = content;
                        rest = null;
                    } else {
                        piece = content.substring(0, cut + 1);
                        rest = content.substring(cut + 1);
                    }
                }
                if (depth == 0 && (piece.startsWith(" ") || piece.startsWith("From ") || piece.startsWith(">"))) {
                    piece = " " + piece;
                }
                out.append(depth > 0 ? prefix : "").append(piece).append("\r\n");
                if (rest == null || rest.isEmpty()) break;
                content = rest;
            }
        }
        return out.toString();
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return s.substring(0, end);
    }
}
