package dev.postern.render.tika;

import dev.postern.render.AttachmentTextExtractor.Extraction;
import dev.postern.render.AttachmentTextExtractor.Status;
import dev.postern.render.AttachmentTypes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.detect.NonDetectingEncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.EmptyParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.odf.OpenDocumentParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Tika in this process: one parser per canonical type, chosen by the caller, never by sniffing, and no
 * recursion into embedded documents (an EmptyParser handles them), so a DOCX cannot smuggle in a parser
 * nobody asked for. XML is read by Tika's and POI's hardened readers (no DTDs, no external entities);
 * the worker JVM adds the JDK's own limits. Meant to run inside {@link ExtractorMain}, where a hang or
 * an exhausted heap costs only that process.
 */
public final class TikaText {
    private TikaText() {}

    static Parser parserFor(String type) {
        return switch (type) {
            case AttachmentTypes.PDF -> new PDFParser();
            case AttachmentTypes.DOCX, AttachmentTypes.XLSX, AttachmentTypes.PPTX -> new OOXMLParser();
            case AttachmentTypes.ODT -> new OpenDocumentParser();
            case AttachmentTypes.RTF -> new RTFParser();
            case AttachmentTypes.HTML -> new JSoupParser();
            case AttachmentTypes.TEXT -> new TXTParser();
            case AttachmentTypes.DOC, AttachmentTypes.XLS, AttachmentTypes.PPT -> new OfficeParser();
            default -> null;
        };
    }

    /** Loads the parsers' classes so the first real request pays no class-loading time. */
    static void warmUp() {
        for (String t : new String[] {AttachmentTypes.PDF, AttachmentTypes.DOCX, AttachmentTypes.ODT,
                AttachmentTypes.RTF, AttachmentTypes.HTML, AttachmentTypes.TEXT, AttachmentTypes.DOC}) {
            parserFor(t);
        }
        extract("<p>warm</p>".getBytes(StandardCharsets.UTF_8), AttachmentTypes.HTML, 100);
    }

    public static Extraction extract(byte[] content, String type, int maxChars) {
        // "text/plain; charset=UTF-8" (AttachmentTypes.UTF_8): postern decoded the declared charset; no guessing.
        boolean utf8 = type.endsWith(AttachmentTypes.UTF_8);
        if (utf8) type = type.substring(0, type.length() - AttachmentTypes.UTF_8.length());
        Parser parser = parserFor(type);
        if (parser == null) return new Extraction(Status.FAILED, "no parser for " + type);
        BodyContentHandler handler = new BodyContentHandler(maxChars);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, utf8 ? type + AttachmentTypes.UTF_8 : type);
        ParseContext context = new ParseContext();
        context.set(Parser.class, EmptyParser.INSTANCE);
        if (utf8) context.set(EncodingDetector.class, new NonDetectingEncodingDetector(StandardCharsets.UTF_8));
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setExtractInlineImages(false);
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractAnnotationText(true);
        context.set(PDFParserConfig.class, pdf);
        try (InputStream in = TikaInputStream.get(content)) {
            parser.parse(in, handler, metadata, context);
            return new Extraction(Status.OK, handler.toString());
        } catch (Exception e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) return new Extraction(Status.TRUNCATED, handler.toString());
            if (isEncrypted(e)) return new Extraction(Status.ENCRYPTED, "");
            return new Extraction(Status.FAILED, reason(e));
        } catch (StackOverflowError e) {
            return new Extraction(Status.FAILED, "the document nests too deeply");
        }
    }

    private static boolean isEncrypted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EncryptedDocumentException
                    || t instanceof org.apache.poi.EncryptedDocumentException
                    || t.getClass().getName().endsWith("InvalidPasswordException")) {
                return true;
            }
        }
        return false;
    }

    /** One short line: the innermost cause's message, which is usually the informative one. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        String why = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        return why.length() > 200 ? why.substring(0, 200) + "…" : why;
    }

}
