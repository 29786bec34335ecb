package dev.postern.controller;

import dev.postern.model.Envelope;
import java.util.List;

/**
 * A server search's answer as the store's envelopes, newest first, and how many of the server's matches the store does
 * not hold (removed from it by a retention rule with {@code where = "local"}, which sync does not bring back): those are
 * not listed, and the command says so rather than show "no match" as the server's answer (hunt 38-Q, Q6).
 */
public final class ServerMatches extends java.util.AbstractList<Envelope> {
    private final List<Envelope> envelopes;
    private final int notInStore;

    ServerMatches(List<Envelope> envelopes, int notInStore) {
        this.envelopes = List.copyOf(envelopes);
        this.notInStore = notInStore;
    }

    /** The server's matches the store holds no envelope of. */
    public int notInStore() {
        return notInStore;
    }

    /** {@code found}'s count of server matches not in the store: 0 for any other list (the store's own answer). */
    public static int notInStore(List<Envelope> found) {
        return found instanceof ServerMatches m ? m.notInStore : 0;
    }

    @Override
    public Envelope get(int i) {
        return envelopes.get(i);
    }

    @Override
    public int size() {
        return envelopes.size();
    }
}
