package dev.postern.command;

/**
 * One option of a command: its long name ("--to"), what its value is (for checking and for Tab completion
 * of the value), whether it may be given more than once, whether it must be given, whether a switch also
 * reads as {@code --no-NAME}, and the phrase {@code --help} shows for it (null: one said by its value).
 */
public record Option(String name, Value value, boolean repeatable, boolean required, boolean negatable, String description) {
    public Option(String name, Value value, boolean repeatable, boolean required, boolean negatable) {
        this(name, value, repeatable, required, negatable, null);
    }

    public Option(String name, Value value, boolean repeatable, boolean required) {
        this(name, value, repeatable, required, false, null);
    }

    /** The same option with {@code description} as its help phrase. */
    public Option described(String description) {
        return new Option(name, value, repeatable, required, negatable, description);
    }

    /** Its help phrase: the one given, else what its value is. */
    @Override
    public String description() {
        if (description != null) return description;
        return switch (value) {
            case NONE -> negatable ? "On, or off with --no-" + name.substring(2) + "." : "A switch.";
            case FOLDER -> "A folder of the account.";
            case FLAG -> "A flag: seen, flagged, answered, draft or deleted.";
            case ACCOUNT -> "An account of the config.";
            case TEXT -> repeatable ? "Text; may be given more than once." : "Text.";
        };
    }

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

    /** A switch that also reads as {@code --no-NAME} (its value then "false", else ""): --sign / --no-sign. */
    public static Option negatable(String name) { return new Option(name, Value.NONE, false, false, true); }

    /** Free text given once or more ("--to a --to b", or "--to a,b" read by the command). */
    public static Option repeatable(String name) { return new Option(name, Value.TEXT, true, false); }

    public static Option of(String name, Value value) { return new Option(name, value, false, false); }

    public boolean takesValue() { return value != Value.NONE; }
}
