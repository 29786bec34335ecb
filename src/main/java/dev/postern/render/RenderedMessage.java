package dev.postern.render;

import dev.postern.model.Part;
import java.util.List;

/**
 * A message turned into terminal-safe text. Every string here has passed {@link Sanitizer}, but {@code fields}.
 *
 * @param headers   display headers in order (From, To, Cc, Date, Subject ...), name and value
 * @param body      the readable body text, lines separated by '\n', already sanitised
 * @param parts     attachments and non-text parts with their sizes
 * @param links     URLs referenced from HTML as [n], in order; body text refers to them by number
 * @param protections signed and encrypted parts, outermost first, with what checking them found; their
 *                  status lines are in {@code body} too, where each protected region starts
 * @param fields    the same headers decoded but NOT sanitised, for {@code read --json} (JSON escapes what a terminal
 *                  must not see): the real characters, addresses in {@code list --json}'s form; never print them raw
 */
public record RenderedMessage(List<Header> headers, String body, List<Part> parts, List<String> links,
                              List<Protection> protections, List<Header> fields) {
    public record Header(String name, String value) {}

    public RenderedMessage {
        headers = List.copyOf(headers);
        parts = List.copyOf(parts);
        links = List.copyOf(links);
        protections = protections == null ? List.of() : List.copyOf(protections);
        fields = fields == null ? headers : List.copyOf(fields);
    }

    /** A message whose headers are postern's own (the reader's notes, a pipe's status): fields are the headers. */
    public RenderedMessage(List<Header> headers, String body, List<Part> parts, List<String> links,
                           List<Protection> protections) {
        this(headers, body, parts, links, protections, null);
    }

    public RenderedMessage(List<Header> headers, String body, List<Part> parts, List<String> links) {
        this(headers, body, parts, links, List.of(), null);
    }
}
