package dev.postern.model;

/** The IMAP system flags postern understands; user keywords travel separately in {@link Flags}. */
public enum Flag {
    SEEN("seen"), ANSWERED("answered"), FLAGGED("flagged"), DELETED("deleted"), DRAFT("draft");

    private final String label;

    Flag(String label) { this.label = label; }

    /** Lower-case name used in JSON output and the command language. */
    public String label() { return label; }
}
