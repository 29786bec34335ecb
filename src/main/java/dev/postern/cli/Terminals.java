package dev.postern.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream is a terminal (Java 17 can only tell for stdin and stdout together). */
public final class Terminals {
    private Terminals() {}

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
