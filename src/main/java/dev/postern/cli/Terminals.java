package dev.postern.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream is a terminal (Java 17 can only tell for stdin and stdout together). */
public final class Terminals {
    private Terminals() {}

    /**
     * Whether TERM names a terminal that can move the cursor: not unset, empty or {@code dumb} (Emacs shell-mode,
     * CI logs), where the reader's full-screen drawing would be garbage. No lambdas: the client jar's style.
     */
    public static boolean cursorAddressable(java.util.Map<String, String> env) {
        String term = env.get("TERM");
        return term != null && !term.isBlank() && !term.strip().equalsIgnoreCase("dumb");
    }

    /**
     * Why the full-screen reader cannot run here, or null when it can: stdin and stdout must be terminals
     * ({@code ttyIn}, {@code ttyOut}) and TERM one that can move the cursor.
     */
    public static String readerRefusal(boolean ttyIn, boolean ttyOut, java.util.Map<String, String> env) {
        if (!ttyIn || !ttyOut) {
            return "the full-screen reader needs a terminal on stdin and stdout; scripts use `postern list` and `postern read`.";
        }
        if (!cursorAddressable(env)) {
            String term = env.get("TERM");
            return new StringBuilder("the reader needs a terminal that can move the cursor (")
                    .append(term == null ? "TERM is not set" : term.isBlank() ? "TERM is empty" : "TERM=dumb")
                    .append("); use `postern list` and `postern read`, or set TERM to your terminal's type.").toString();
        }
        return null;
    }

    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /**
     * Whether a failed write to {@code fd} means its reader went away ({@code postern list | head -1}): EPIPE, whose
     * text is "Broken pipe", or any failure on a pipe or a socket, where EPIPE is the one a write meets (the text may
     * be in the locale's language). A full disk, {@code /dev/full} or a closed descriptor is not: those are said.
     * No lambdas or string concatenation: the client jar's style ({@code resident.Client}).
     */
    public static boolean readerGone(IOException e, int fd) {
        if ("Broken pipe".equals(e.getMessage())) return true;
        try {
            String target = Files.readSymbolicLink(Path.of(new StringBuilder("/proc/self/fd/").append(fd).toString())).toString();
            return target.startsWith("pipe:") || target.startsWith("socket:");
        } catch (IOException | RuntimeException notLinux) {
            return false;
        }
    }

    /**
     * The width of the terminal on {@code fd}, as {@code ls} finds it: {@code COLUMNS} when set to a
     * positive number, else the terminal's own (TIOCGWINSZ), else 80. Only asked when {@code fd} is a terminal.
     */
    public static int columns(java.util.Map<String, String> env, int fd) {
        return columns(env.get("COLUMNS"), () -> nativeWidth(fd));
    }

    static int columns(String columnsVar, java.util.function.IntSupplier real) {
        if (columnsVar != null) {
            try {
                int n = Integer.parseInt(columnsVar.strip());
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // as ls: an unusable COLUMNS is ignored
            }
        }
        int n = real.getAsInt();
        return n > 0 ? n : 80;
    }

    private static int nativeWidth(int fd) {
        try {
            return org.jline.nativ.CLibrary.getTerminalWidth(fd);
        } catch (Throwable e) { // no native library for this platform: the default width
            return 0;
        }
    }
}
