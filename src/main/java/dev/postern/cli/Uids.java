package dev.postern.cli;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** UIDs from the command line: "7", "3:9" (inclusive), in any mix; at most {@value #MAX} of them. */
final class Uids {
    static final int MAX = 100_000;

    private Uids() {}

    static SortedSet<Long> parse(List<String> args) {
        SortedSet<Long> out = new TreeSet<>();
        for (String a : args) {
            for (String part : a.split(",")) {
                try {
                    int colon = part.indexOf(':');
                    long lo = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
                    long hi = colon < 0 ? lo : Long.parseLong(part.substring(colon + 1));
                    if (lo < 1 || hi < 1) throw new NumberFormatException();
                    if (Math.abs(hi - lo) >= MAX) throw tooMany();
                    for (long u = Math.min(lo, hi); u <= Math.max(lo, hi); u++) out.add(u);
                } catch (NumberFormatException e) {
                    throw new PosternException(ExitCode.USAGE, "'" + part + "' is not a UID or a range like 3:9 "
                            + "(UIDs are positive whole numbers; `postern list --json` shows them).");
                }
                if (out.size() > MAX) throw tooMany();
            }
        }
        if (out.isEmpty()) throw new PosternException(ExitCode.USAGE, "name at least one UID.");
        return out;
    }

    /** One UID, as `read`, `reply` and `forward` take it. */
    static long one(String text) {
        return dev.postern.command.ReadCommand.uid(text);
    }

    private static PosternException tooMany() {
        return new PosternException(ExitCode.USAGE, "at most " + MAX + " UIDs at a time.");
    }
}
