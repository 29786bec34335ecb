package dev.postern.compose;

import java.util.List;

/** A message as it goes out (signed and/or encrypted, or as it was), and what the user should hear about it. */
public record Protected(Built message, List<String> notes) {
    public Protected {
        notes = List.copyOf(notes);
    }
}
