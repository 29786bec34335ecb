package dev.postern.command;

/** What a command did, typed; {@link #text()} is the line the reader shows, {@link #lines()} what the batch command prints. */
public interface Result {
    String text();

    /** What the batch door prints, a line each: {@link #text()} unless the result reads better as rows. */
    default java.util.List<String> lines() { return java.util.List.of(text()); }
}
