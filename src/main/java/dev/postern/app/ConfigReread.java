package dev.postern.app;

import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.HookConfig;
import dev.postern.config.ViewConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An owner's config read again after an edit ({@link AppContext#rereadConfig}, before each command it serves): what
 * tells an edit cheaply (a stat, no read), and what of an edit cannot change under a running owner. Its accounts each
 * have a thread and a session made from their settings, "All Inboxes" its members, the store is the data directory's,
 * and the new-mail hook and the renderer's mailcap views were made once: for these the owner must be restarted.
 * Everything else (retention rules, identities, templates, crypto, the reader's bindings and theme) is read per use.
 */
final class ConfigReread {
    private ConfigReread() {}

    /** The file's modification time, size and identity (inode; of the file a link points to); null if it cannot be read. */
    static Object stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Arrays.asList(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException | RuntimeException e) {
            return null; // gone or unreadable: reading it says so
        }
    }

    /** Names what changed from {@code old} to {@code edited} that an owner cannot apply while it runs; null: nothing. */
    static String unappliable(Config old, Config edited, Map<String, String> env) {
        List<String> what = new ArrayList<>();
        if (!old.dataDir().equals(edited.dataDir())) what.add("data_dir");
        List<String> before = old.accounts().stream().map(AccountConfig::name).toList();
        List<String> after = edited.accounts().stream().map(AccountConfig::name).toList();
        for (AccountConfig a : edited.accounts()) {
            var was = old.account(a.name());
            if (was.isEmpty()) what.add("[accounts." + dev.postern.model.Names.tomlKey(a.name()) + "] (added)");
            else if (!was.get().equals(a)) what.add("[accounts." + dev.postern.model.Names.tomlKey(a.name()) + "]");
        }
        for (String name : before) if (!after.contains(name)) what.add("[accounts." + dev.postern.model.Names.tomlKey(name) + "] (removed)");
        if (what.isEmpty() && !before.equals(after)) what.add("the order of the accounts");
        if (!old.unifiedInbox().equals(edited.unifiedInbox())) what.add("unified_inbox");
        HookConfig h = HookConfig.load(old);
        HookConfig k = HookConfig.load(edited);
        if (!h.newMail().equals(k.newMail()) || !h.deadline().equals(k.deadline())) what.add("new_mail_command or hook_timeout_seconds");
        if (!ViewConfig.load(old, env).equals(ViewConfig.load(edited, env))) what.add("auto_view, mailcap_path or prefer_html");
        return what.isEmpty() ? null : String.join(", ", what);
    }
}
