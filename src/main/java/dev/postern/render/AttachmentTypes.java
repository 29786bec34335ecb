package dev.postern.render;

import java.util.Locale;
import java.util.Map;

/**
 * Which attachments are rendered as text, decided from the declared type or, when the sender said
 * only application/octet-stream, from the file name's extension. Returns one canonical type, so the
 * extractor picks a parser by that alone and never runs a parser the user did not ask for.
 */
public final class AttachmentTypes {
    public static final String PDF = "application/pdf";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public static final String ODT = "application/vnd.oasis.opendocument.text";
    public static final String RTF = "application/rtf";
    public static final String HTML = "text/html";
    public static final String TEXT = "text/plain";
    public static final String DOC = "application/msword";
    public static final String XLS = "application/vnd.ms-excel";
    public static final String PPT = "application/vnd.ms-powerpoint";
    /**
     * Follows {@link #TEXT} or {@link #HTML} when the bytes handed on are UTF-8 decoded from the part's declared charset:
     * the parser reads them as that, never by its own guess.
     */
    public static final String UTF_8 = "; charset=UTF-8";

    private static final Map<String, String> BY_TYPE = Map.ofEntries(
            Map.entry(PDF, PDF), Map.entry("application/x-pdf", PDF),
            Map.entry(DOCX, DOCX), Map.entry(XLSX, XLSX), Map.entry(PPTX, PPTX),
            Map.entry(ODT, ODT),
            Map.entry(RTF, RTF), Map.entry("text/rtf", RTF), Map.entry("text/richtext", RTF),
            Map.entry(HTML, HTML), Map.entry("application/xhtml+xml", HTML),
            Map.entry(TEXT, TEXT), Map.entry("text/csv", TEXT), Map.entry("text/markdown", TEXT),
            Map.entry(DOC, DOC), Map.entry(XLS, XLS), Map.entry(PPT, PPT));

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("pdf", PDF), Map.entry("docx", DOCX), Map.entry("xlsx", XLSX), Map.entry("pptx", PPTX),
            Map.entry("odt", ODT), Map.entry("rtf", RTF), Map.entry("html", HTML), Map.entry("htm", HTML),
            Map.entry("txt", TEXT), Map.entry("csv", TEXT), Map.entry("md", TEXT), Map.entry("log", TEXT),
            Map.entry("doc", DOC), Map.entry("xls", XLS), Map.entry("ppt", PPT));

    private AttachmentTypes() {}

    /** The canonical type to render this attachment as, or null if it is shown by type and size only. */
    public static String renderable(String contentType, String filename) {
        String t = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        String byType = BY_TYPE.get(t);
        if (byType != null) return byType;
        boolean generic = t.isEmpty() || t.equals("application/octet-stream") || t.equals("application/x-download")
                || t.equals("application/download") || t.equals("binary/octet-stream")
                || t.equals("application/force-download");
        if (!generic || filename == null) return null;
        int dot = filename.lastIndexOf('.');
        if (dot < 0 || dot == filename.length() - 1) return null;
        return BY_EXTENSION.get(filename.substring(dot + 1).strip().toLowerCase(Locale.ROOT));
    }
}
