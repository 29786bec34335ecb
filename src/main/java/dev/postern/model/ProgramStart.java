package dev.postern.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user is told when a program of theirs did not start ({@code ProcessBuilder.start}'s IOException, or its
 * message relayed as text by a served reader's client): "was not found" rather than Java's
 * {@code Cannot run program "x": error=2, No such file or directory} (hunt 43-R, R8). Every door that starts a program
 * the user named ($BROWSER, a mailcap viewer, new_mail_command, an editor, a password command) says it this way.
 */
public final class ProgramStart {
    private static final Pattern ERRNO = Pattern.compile("error=(\\d+), (.+)$");
    private static final Pattern PROGRAM = Pattern.compile("^Cannot run program \"([^\"]*)\"");

    private ProgramStart() {}

    /** Why it did not start, to follow the program's name: "was not found", "may not be run (permission denied)"… */
    public static String why(String javaMessage) {
        String m = javaMessage == null ? "" : javaMessage.strip();
        Matcher e = ERRNO.matcher(m);
        if (!e.find()) return m.isEmpty() ? "could not be started" : "could not be started (" + oneLine(m) + ")";
        switch (e.group(1)) {
            case "2":
                return "was not found";
            case "13":
                return "may not be run (permission denied)";
            case "8":
                return "is not a program this system can run (exec format error)";
            default:
                return "could not be started (" + oneLine(lower(e.group(2))) + ")";
        }
    }

    /** One sentence: "The browser (xdg-open) was not found; set $BROWSER." ({@code remedy} without its full stop). */
    public static String sentence(String role, String program, String javaMessage, String remedy) {
        String named = program == null || program.isBlank() ? "" : " (" + oneLine(program) + ")";
        return role + named + " " + why(javaMessage) + (remedy == null || remedy.isEmpty() ? "." : "; " + remedy + ".");
    }

    /** The program Java's message names ({@code Cannot run program "x"}), or "" when it names none. */
    public static String program(String javaMessage) {
        Matcher m = PROGRAM.matcher(javaMessage == null ? "" : javaMessage.strip());
        return m.find() ? m.group(1) : "";
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
        return b.toString().strip();
    }
}
