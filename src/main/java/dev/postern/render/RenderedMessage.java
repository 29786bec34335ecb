package dev.postern.render;

import dev.postern.model.Part;
import java.util.List;

/**
 * A message turned into terminal-safe text. Every string here has passed {@link Sanitizer}.
 *
 * @param headers   display headers in order (From, To, Cc, Date, Subject ...), name and value
 * @param body      the readable body text, lines separated by '\n', already sanitised
 * @param parts     attachments and non-text parts with their sizes
 * @param links     URLs referenced from HTML as [n], in order; body text refers to them by number
 */
public record RenderedMessage(List<Header> headers, String body, List<Part> parts, List<String> links) {
    public record Header(String name, String value) {}

    public RenderedMessage {
        headers = List.copyOf(headers);
        parts = List.copyOf(parts);
        links = List.copyOf(links);
    }
}
