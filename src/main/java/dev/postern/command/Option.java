package dev.postern.command;

/**
 * One option of a command: its long name ("--to"), what its value is (for checking and for Tab completion
 * of the value), whether it may be given more than once, and whether it must be given.
 */
public record Option(String name, Value value, boolean repeatable, boolean required) {
    /** What follows the option. */
    public enum Value {
        /** Nothing: a switch. */
        NONE,
        /** A folder of the account. */
        FOLDER,
        /** A flag name: seen, flagged, answered, draft, deleted. */
        FLAG,
        /** An account name. */
        ACCOUNT,
        /** Free text. */
        TEXT
    }

    public static Option flagSwitch(String name) { return new Option(name, Value.NONE, false, false); }

    public static Option of(String name, Value value) { return new Option(name, value, false, false); }

    public boolean takesValue() { return value != Value.NONE; }
}
