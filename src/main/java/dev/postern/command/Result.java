package dev.postern.command;

/** What a command did, typed; {@link #text()} is the line the batch command prints and the reader shows. */
public interface Result {
    String text();
}
