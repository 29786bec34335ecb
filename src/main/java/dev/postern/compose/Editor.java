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
}
