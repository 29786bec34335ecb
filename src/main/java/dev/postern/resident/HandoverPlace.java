package dev.postern.resident;

import java.io.IOException;
import java.util.Map;

/**
 * Where a served reader was when the postern serving it stopped cleanly and handed the data directory over
 * ({@link Wire#HANDOVER}'s payload): {account, folder}, or {account, folder, UIDVALIDITY, UID} with the message its pager
 * showed. The reader started again opens there and says why (ui/HandedOver; hunt 39-Y, Y13). It goes on in {@link #ENV}
 * (hex): to the owner that serves the reader next (the request's environment), and from the Perl client, which runs the
 * launcher again on HANDOVER; a reader that opens the store here finds it in {@link #handedOver}.
 */
public final class HandoverPlace {
    /** The environment variable the place goes on in. */
    public static final String ENV = "POSTERN_HANDED_OVER";

    /** The place this process's reader was handed over at, once it was; null before. */
    private static volatile String[] here;

    private HandoverPlace() {}

    /** Where the reader served before this process took the mail over was; null when it was not handed over. */
    public static String[] handedOver() {
        String[] p = here;
        return p == null ? null : p.clone();
    }

    /** A HANDOVER's payload as a place; null when empty or neither form. */
    static String[] of(byte[] payload) {
        if (payload.length == 0) return null;
        try {
            String[] w = Wire.strings(payload);
            return w.length == 2 || w.length == 4 ? w : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The place {@code env} carries in {@link #ENV}, or null (none, or not one). */
    static String[] fromEnv(Map<String, String> env) {
        String hex = env.get(ENV);
        if (hex == null || hex.isEmpty()) return null;
        try {
            return of(java.util.HexFormat.of().parseHex(hex));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code env} with {@link #ENV} naming {@code place}: an owner serving the reader next opens it there. */
    static Map<String, String> withPlace(Map<String, String> env, String[] place) {
        Map<String, String> out = new java.util.LinkedHashMap<>(env);
        try {
            out.put(ENV, java.util.HexFormat.of().formatHex(Wire.strings(place)));
        } catch (IOException e) {
            out.remove(ENV);
        }
        return out;
    }

    /** {@code args} to start again at {@code place} ({@link ReaderClient#reopening}), which this process's reader then opens. */
    static String[] startingAt(String[] args, String[] place) {
        here = place;
        String[] again = ReaderClient.reopening(args, place[0], place[1]);
        if (again == null) return args;
        Client.startAgain = again;
        return again;
    }
}
