package dev.postern.backup;

import dev.postern.model.ExitCode;
import dev.postern.model.Flags;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what {@code postern import} is given: an mbox file, a file of one message (an .eml), a Maildir (a directory
 * with cur/ and new/), or a directory of .eml files, message by message (one in memory at a time). What is not a message is
 * listed, never silently dropped.
 */
public final class ArchiveReader {
    /** Files Dovecot, Courier and mbsync keep beside a Maildir's messages: not mail, not worth a mention. */
    private static final Set<String> MAILDIR_METADATA = Set.of("maildirfolder", "subscriptions", "dovecot-uidlist",
            "dovecot-keywords", "dovecot-uidvalidity", "courierimapuiddb", "courierimapkeywords", ".uidvalidity",
            ".mbsyncstate", ".postern-export");

    public record Result(String format, List<ArchivedMessage> messages, List<String> skipped) {}

    private ArchiveReader() {}

    /** Everything at once: for small archives and tests. {@link #stream} keeps one message in memory. */
    public static Result read(Path path) {
        List<ArchivedMessage> messages = new ArrayList<>();
        Summary s = stream(path, messages::add);
        return new Result(s.format(), messages, s.skipped());
    }

    /** What a pass over an archive found besides its messages. */
    public record Summary(String format, List<String> skipped) {}

    /**
     * Hands each message of the archive to {@code sink} as it is read (one in memory at a time, however
     * big the archive) and returns its format and what was skipped, in the order met.
     */
    public static Summary stream(Path path, Consumer<ArchivedMessage> sink) {
        try {
            if (Files.isRegularFile(path)) {
                if (LineEnds.startsWithHeader(head(path))) return message(path, sink);
                List<String> skipped = new ArrayList<>();
                int[] found = {0};
                try (InputStream in = LineEnds.pastBom(Files.newInputStream(path))) {
                    MboxFormat.stream(in, path.getFileName().toString(), m -> {
                        found[0]++;
                        sink.accept(m);
                    }, skipped);
                }
                // Nothing read as mail at all: said before anything is sent to the server (the folder is not made).
                // An empty file is an empty mailbox (mutt leaves one for an empty folder), unless it is named as one
                // message: imported as none, so export and import bring an empty folder back too.
                if (found[0] == 0 && !(blank(path) && !path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".eml"))) {
                    throw notAnArchive(path);
                }
                return new Summary("mbox", skipped);
            }
            if (Files.exists(path) && !Files.isDirectory(path)) throw notAFile(path);
            if (!Files.isDirectory(path)) {
                throw new PosternException(ExitCode.NOINPUT, "there is no file or directory " + path
                        + "; give an mbox file, a Maildir or a directory of .eml files.");
            }
            if (Files.isDirectory(path.resolve("cur")) || Files.isDirectory(path.resolve("new"))) return maildir(path, sink);
            return eml(path, sink);
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot read " + path + " (" + e.getMessage() + "); check its permissions.", e);
        }
    }

    /**
     * 64: a path that is there but is neither a file nor a directory: a pipe ({@code cat x | postern import /dev/stdin},
     * a FIFO) or a device. Its bytes are read more than once (the first lines say mbox or one message) and a served
     * command's /dev/stdin is the owner's, not the caller's: saved to a file it imports the same (hunt37-J J5; it said
     * "there is no file or directory", 66, of a path that was there).
     */
    private static PosternException notAFile(Path path) {
        String what = "a device or socket";
        // A served command's /dev/stdin is the owner's (its /dev/null): named for what the caller meant, alone and served alike.
        if (Set.of("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0").contains(path.toString())) {
            return new PosternException(ExitCode.USAGE, path + " is standard input, which import does not read; save it to a"
                    + " file first (e.g. `cat > mail.mbox`) and import that.");
        }
        try {
            int mode = ((Number) Files.getAttribute(path, "unix:mode")).intValue();
            if ((mode & 0170000) == 0010000) what = "a pipe";
        } catch (IOException | RuntimeException e) {
            what = "a pipe or device"; // no unix view: said without the kind
        }
        return new PosternException(ExitCode.USAGE, path + " is " + what + ", not a file; import reads an mbox or message file, a"
                + " Maildir or a directory of .eml files: save it to a file first (e.g. `cat > mail.mbox`) and import that.");
    }

    /** The first bytes of a file: enough to see whether its first line that is not blank is a header field. */
    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8192);
        }
    }

    /**
     * A file of one message (an .eml saved from a mail program: its first line that is not blank is a header field,
     * not an mbox's {@code From } line), appended as one message dated by the file's time. Before, it was read as an
     * mbox with no From line, skipped whole, and the import ended 65 with nothing imported.
     */
    private static Summary message(Path file, Consumer<ArchivedMessage> sink) throws IOException {
        byte[] raw = LineEnds.withoutLeadingBlankLines(Files.readAllBytes(file));
        String notMail = LineEnds.notMail(raw);
        if (notMail != null) {
            throw new PosternException(ExitCode.DATAERR, file + " " + notMail + "; nothing was imported.");
        }
        sink.accept(new ArchivedMessage(LineEnds.toCrlf(raw), Flags.NONE, mtime(file), file.getFileName().toString()));
        return new Summary("eml", List.of());
    }

    /** Whether the file holds nothing but blank lines (or nothing). */
    private static boolean blank(Path file) throws IOException {
        return Files.size(file) <= 8192 && LineEnds.withoutLeadingBlankLines(head(file)).length == 0;
    }

    /** 65: a file that holds no mail: an empty (or blank) .eml, or neither an mbox nor one message. */
    private static PosternException notAnArchive(Path file) throws IOException {
        if (blank(file)) return new PosternException(ExitCode.DATAERR, file + " is empty; nothing was imported.");
        return new PosternException(ExitCode.DATAERR, file + " is neither an mbox (no message in it starts with a From line)"
                + " nor one message (it does not start with a header field such as From: or Subject:); nothing was imported.");
    }

    private static Summary maildir(Path dir, Consumer<ArchivedMessage> sink) throws IOException {
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> top = Files.list(dir)) {
            for (Path p : top.sorted().toList()) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) || MAILDIR_METADATA.contains(n) || n.startsWith("dovecot.")) continue;
                skipped.add(dir.relativize(p) + ": not part of a Maildir");
            }
        }
        for (String sub : List.of("new", "cur")) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.sorted().toList()) {
                    String n = f.getFileName().toString();
                    String where = sub + "/" + n;
                    if (n.startsWith(".") || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        skipped.add(where + ": not a message file");
                        continue;
                    }
                    byte[] file = Files.readAllBytes(f);
                    // An export's file kept as the server's bytes (LineEnds.forMaildir) goes back as it is.
                    byte[] raw = exported(MAILDIR_NAME, n, file) ? file : LineEnds.toCrlf(file);
                    String notMail = LineEnds.notMail(raw);
                    if (notMail != null && !exported(MAILDIR_NAME, n, raw)) {
                        skipped.add(where + ": " + notMail);
                        continue;
                    }
                    Flags flags = sub.equals("cur") ? MaildirFormat.flags(n) : Flags.NONE;
                    sink.accept(new ArchivedMessage(raw, flags, mtime(f), where));
                }
            }
        }
        return new Summary("maildir", skipped);
    }

    private static Summary eml(Path dir, Consumer<ArchivedMessage> sink) throws IOException {
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.equals(".postern-export")) continue;
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || !n.toLowerCase(java.util.Locale.ROOT).endsWith(".eml")) {
                    skipped.add(n + ": not an .eml file");
                    continue;
                }
                byte[] raw = Files.readAllBytes(f);
                boolean exported = exported(EML_NAME, n, raw);
                String notMail = LineEnds.notMail(raw);
                if (notMail != null && !exported) {
                    skipped.add(n + ": " + notMail);
                    continue;
                }
                // An export's file holds the server's exact bytes: they go back as they are (a bare LF among CRLFs too).
                sink.accept(new ArchivedMessage(exported ? raw : LineEnds.toCrlf(raw), Flags.NONE, mtime(f), n));
            }
        }
        return new Summary("eml", skipped);
    }

    /** The names {@link Exporter} gives the files it writes, with the start of the message's SHA-256. */
    private static final Pattern MAILDIR_NAME = Pattern.compile("\\d+\\.P\\d+Q([0-9a-f]{16})\\.postern(?:[:!_]2,.*)?");
    private static final Pattern EML_NAME = Pattern.compile("\\d{10,}-([0-9a-f]{16})\\.eml");

    /**
     * True when postern's export wrote this file from a server's message: its name says so and carries the start
     * of the SHA-256 of exactly these bytes. Such a message is imported whatever it looks like, since a
     * server held it (a fuzzed or broken message is still one a mailbox had); anything else must look like mail.
     */
    private static boolean exported(Pattern name, String fileName, byte[] raw) {
        Matcher m = name.matcher(fileName);
        if (!m.matches()) return false;
        return Exporter.sha256(raw).startsWith(m.group(1));
    }

    private static Instant mtime(Path f) throws IOException {
        return Files.getLastModifiedTime(f).toInstant();
    }
}
