package dev.postern.compose;

import java.util.List;
import java.util.Map;

/** Which editor a draft opens in: $VISUAL, else $EDITOR, else vi (what mutt and git do). */
public final class Editor {
    private Editor() {}

    public static String command(Map<String, String> env) {
        for (String v : List.of("VISUAL", "EDITOR")) {
            String e = env.get(v);
            if (e != null && !e.isBlank()) return e;
        }
        return "vi";
    }

    /** Which variable named the editor {@link #command} returns ("VISUAL", "EDITOR"), or null for the default vi. */
    public static String variable(Map<String, String> env) {
        for (String v : List.of("VISUAL", "EDITOR")) {
            String e = env.get(v);
            if (e != null && !e.isBlank()) return v;
        }
        return null;
    }
}
