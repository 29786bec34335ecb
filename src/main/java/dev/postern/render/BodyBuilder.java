package dev.postern.render;

/** Joins the text of the rendered parts with a blank line between blocks. */
final class BodyBuilder {
    private final StringBuilder out = new StringBuilder();

    void block(String text) {
        String t = stripTrailingNewlines(text.replace("\r\n", "\n"));
        if (t.isBlank()) return;
        separate();
        out.append(t);
    }

    /** A renderer's own remark, such as a note about what is not shown. */
    void note(String text) {
        separate();
        out.append(text);
    }

    private void separate() {
        if (out.length() > 0) out.append("\n\n");
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    String text() {
        return out.toString();
    }
}
