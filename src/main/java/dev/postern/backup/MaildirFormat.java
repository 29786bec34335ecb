package dev.postern.backup;

import dev.postern.model.Flag;
import dev.postern.model.Flags;
import java.util.EnumSet;

/** Maildir's ":2," info: flag letters in ASCII order (D draft, F flagged, R replied, S seen, T trashed). */
final class MaildirFormat {
    private MaildirFormat() {}

    static String info(Flags flags) {
        StringBuilder sb = new StringBuilder(":2,");
        if (flags.has(Flag.DRAFT)) sb.append('D');
        if (flags.has(Flag.FLAGGED)) sb.append('F');
        if (flags.has(Flag.ANSWERED)) sb.append('R');
        if (flags.has(Flag.SEEN)) sb.append('S');
        if (flags.has(Flag.DELETED)) sb.append('T');
        return sb.toString();
    }

    /** Flags from a file name's info part; none when it has no ":2," info. Lower-case letters are keywords, ignored. */
    static Flags flags(String fileName) {
        int at = fileName.lastIndexOf(":2,");
        if (at < 0) at = fileName.lastIndexOf("!2,"); // the separator some Windows-safe Maildirs use
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        if (at >= 0) {
            for (char c : fileName.substring(at + 3).toCharArray()) {
                switch (c) {
                    case 'D' -> set.add(Flag.DRAFT);
                    case 'F' -> set.add(Flag.FLAGGED);
                    case 'R' -> set.add(Flag.ANSWERED);
                    case 'S' -> set.add(Flag.SEEN);
                    case 'T' -> set.add(Flag.DELETED);
                    default -> { }
                }
            }
        }
        return new Flags(set, java.util.Set.of());
    }
}
