package dev.postern.controller;

import dev.postern.model.Folder;
import dev.postern.model.Names;
import dev.postern.render.Sanitizer;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the store holds of an account the config no longer names (renamed or removed): its stored messages, the
 * messages waiting in its outbox and its queued offline changes. Nothing of it is deleted; it is out of sight until an
 * account of that name is in the config again, so every face that could miss it says so (hunt 38-M, M4 and M5).
 */
public record StoredOnly(String account, int messages, int outbox, int queued) {

    /** The accounts {@code store} holds anything of that {@code configured} does not name, in name order. */
    public static List<StoredOnly> of(MailStore store, Collection<String> configured) {
        List<StoredOnly> out = new ArrayList<>();
        for (String a : store.accounts()) {
            if (configured.contains(a)) continue;
            int messages = 0;
            for (Folder f : store.folders(a)) messages += store.count(a, f.name());
            out.add(new StoredOnly(a, messages, store.outbox(a).size(), store.pending(a).size()));
        }
        return out;
    }

    /**
     * "the store holds 3 messages and 1 message waiting in the outbox of account 'home', which the config no longer
     * names; nothing of it is lost: put [accounts.home] back in the config (rename it back) to see and send them", one
     * sentence.
     */
    public String sentence() {
        List<String> what = new ArrayList<>();
        if (messages > 0) what.add(count(messages, "message"));
        if (outbox > 0) what.add(count(outbox, "message") + " waiting in the outbox");
        if (queued > 0) what.add(count(queued, "queued change"));
        String held = what.isEmpty() ? "records" : and(what);
        return Sanitizer.oneLine("the store holds " + held + " of account " + quoted(account)
                + ", which the config no longer names; nothing of it is lost: put " + Names.table(account, null)
                + " back in the config (rename it back) to " + doing()
                + (outbox > 0 ? ", or `postern outbox --drop ID` drops a message unsent" : ""));
    }

    private String doing() {
        List<String> d = new ArrayList<>();
        if (messages > 0) d.add("see");
        if (outbox > 0) d.add("send");
        if (queued > 0) d.add("replay");
        return d.isEmpty() ? "use them" : and(d) + " them";
    }

    /** "a", "a and b", "a, b and c". */
    private static String and(List<String> words) {
        if (words.size() == 1) return words.get(0);
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** 'home', with a quote in it doubled as the user would see it. */
    static String quoted(String account) {
        return "'" + account + "'";
    }
}
