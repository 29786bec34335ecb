package dev.postern.render;

import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;

/**
 * HTML mail to readable plain text. Block elements become paragraphs, lists get "- " or "1. ",
 * blockquotes a "> " prefix, links become [n] references collected into a shared list (numbering
 * continues across the HTML parts of one message), images become [image: alt]. Script, style and
 * head content is dropped. Output is not sanitised; the caller does that.
 */
final class HtmlToText {
    private static final int MAX_DEPTH = 200;

    private HtmlToText() {}

    static String convert(String html, List<String> links) {
        return convert(html, links, Integer.MAX_VALUE);
    }

    /**
     * Converts until about {@code maxChars} of text are out, then stops walking: links after that point are
     * not collected either, as nobody sees their numbers. {@code links} null: the text alone, with no link
     * numbers and no image marks (an image's alt text stays), as a body search looks in it ({@link SearchText}).
     */
    static String convert(String html, List<String> links, int maxChars) {
        String bounded = TableNesting.bound(html);
        // A render for the screen (links wanted) stops inside jsoup when the reader leaves the message (its thread is
        // interrupted); the search text never stops half-way, as the index would keep half a body.
        Document doc = links == null ? Jsoup.parse(bounded)
                : Parser.htmlParser().parseInput(new Interruptible(bounded), "");
        TextSink out = new TextSink(maxChars);
        Element body = doc.body();
        if (body != null) new Walker(out, links).children(body, 0);
        return out.result();
    }

    private record Walker(TextSink out, List<String> links) {
        void children(Element e, int depth) {
            for (Node child : e.childNodes()) node(child, depth + 1);
        }

        void node(Node node, int depth) {
            if (out.full()) return;
            if (node instanceof TextNode t) {
                out.text(t.getWholeText());
                return;
            }
            if (!(node instanceof Element e)) return;
            if (depth > MAX_DEPTH) { // jsoup nests arbitrarily deep; the output need not
                out.text(e.text());
                return;
            }
            String tag = e.normalName().toLowerCase(Locale.ROOT);
            switch (tag) {
                case "script", "style", "head", "title", "noscript", "template", "meta", "link" -> { }
                case "br" -> out.newline();
                case "hr" -> {
                    out.blankLine();
                    out.text("----------");
                    out.blankLine();
                }
                case "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "address",
                     "table", "form", "fieldset", "center", "dl", "figure" -> block(e, depth);
                case "h1", "h2", "h3", "h4", "h5", "h6" -> heading(e, depth, tag.charAt(1) - '0');
                case "tr", "dt", "dd", "figcaption", "caption" -> {
                    out.newline();
                    children(e, depth);
                    out.newline();
                }
                case "td", "th" -> {
                    out.space();
                    children(e, depth);
                    out.space();
                }
                case "ul", "ol", "menu" -> list(e, depth, tag.equals("ol"));
                case "li" -> { // a stray <li> outside a list
                    out.newline();
                    out.text("- ");
                    children(e, depth);
                    out.newline();
                }
                case "blockquote" -> quote(e, depth);
                case "pre" -> {
                    out.blankLine();
                    out.preformatted(e.wholeText());
                    out.blankLine();
                }
                case "a" -> anchor(e, depth);
                case "img" -> image(e);
                default -> children(e, depth);
            }
        }

        private void block(Element e, int depth) {
            out.blankLine();
            children(e, depth);
            out.blankLine();
        }

        private void heading(Element e, int depth, int level) {
            out.blankLine();
            out.text("#".repeat(Math.max(1, Math.min(6, level))) + " ");
            children(e, depth);
            out.blankLine();
        }

        private void list(Element e, int depth, boolean ordered) {
            out.blankLine();
            int n = 1;
            for (Node child : e.childNodes()) {
                if (child instanceof Element li && li.normalName().equals("li")) {
                    out.newline();
                    out.text(ordered ? (n++) + ". " : "- ");
                    out.indent("   ");
                    children(li, depth + 1);
                    out.dedent();
                    out.newline();
                } else {
                    node(child, depth + 1);
                }
            }
            out.blankLine();
        }

        private void quote(Element e, int depth) {
            out.blankLine();
            out.quote();
            children(e, depth);
            out.unquote();
            out.blankLine();
        }

        private void anchor(Element e, int depth) {
            String href = e.attr("href").strip();
            children(e, depth);
            if (links == null || href.isEmpty() || href.startsWith("#") || href.regionMatches(true, 0, "javascript:", 0, 11)) return;
            String label = e.text().strip();
            if (href.regionMatches(true, 0, "mailto:", 0, 7) && label.equalsIgnoreCase(href.substring(7))) return;
            int index = links.indexOf(href);
            if (index < 0) {
                links.add(href);
                index = links.size() - 1;
            }
            out.text("[" + (index + 1) + "]");
        }

        private void image(Element e) {
            String alt = e.attr("alt").strip();
            if (links == null) out.text(alt.isEmpty() ? "" : " " + alt + " ");
            else out.text(alt.isEmpty() ? "[image]" : "[image: " + alt + "]");
        }
    }

    /**
     * The HTML as jsoup reads it, a buffer at a time: a read after the thread was interrupted ends the parse with a
     * {@link java.util.concurrent.CancellationException}, which the renderer passes on as the reader's cancel.
     */
    private static final class Interruptible extends java.io.Reader {
        private final String text;
        private int at;

        Interruptible(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            MessageRenderer.stopIfInterrupted();
            if (at >= text.length()) return -1;
            int n = Math.min(len, text.length() - at);
            text.getChars(at, at + n, buf, off);
            at += n;
            return n;
        }

        @Override
        public void close() { }
    }
}
