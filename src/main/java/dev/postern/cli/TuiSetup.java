package dev.postern.cli;

import dev.postern.config.AccountConfig;
import dev.postern.config.ConfigLoader;
import dev.postern.config.UiConfig;
import dev.postern.controller.AddressBook;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.ui.BindingsFile;
import dev.postern.ui.CommandRegistry;
import dev.postern.ui.KeyMap;
import dev.postern.ui.Palette;
import dev.postern.ui.TuiOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the reader needs from the config besides accounts, read and checked before the screen
 * opens: the theme (NO_COLOR wins), the user's bindings over the built-in ones, the process the typed
 * process-level commands act on at ':', the ':' history file and the address book. Any mistake is one sentence and exit 78.
 */
final class TuiSetup {
    private TuiSetup() {}

    static TuiOptions options(PosternCommand root, Wiring ctx) {
        Map<String, String> env = root.env();
        UiConfig ui = UiConfig.load(ctx.config(), env);
        Path configDir = new ConfigLoader(env).defaultConfigPath().getParent();
        Palette palette = Palette.load(ui.theme(), ui.colors(), env, configDir.resolve("themes"),
                "config " + ctx.config().source());
        ThisProcess process = new ThisProcess(root, ctx); // what ':daemon status' and ':complete' act on
        KeyMap keys = KeyMap.defaults();
        if (ui.bindings() != null) {
            Path file = ui.bindings();
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new PosternException(ExitCode.CONFIG, "config " + ctx.config().source() + ": the bindings file "
                        + file + (Files.exists(file) ? " cannot be read (" + dev.postern.model.ReadFailure.why(e) + ")" : " does not exist") + ".");
            }
            // The person's HOME (a served reader's is its client's), as the ':' line's tilde.
            String home = dev.postern.model.HomeEnv.of(env).getOrDefault("HOME", System.getProperty("user.home"));
            keys = BindingsFile.parse(file.toString(), text, keys, new CommandRegistry(process), home);
        }
        List<String> accounts = ctx.config().accounts().stream().map(AccountConfig::name).toList();
        TuiOptions.Layout layout;
        try {
            layout = new TuiOptions.Layout(ui.sidebar(), ui.sidebarWidth(), ui.indexFormat(), ui.dateFormat(), ui.pagerWidth(),
                    ui.pagerIndexLines());
        } catch (IllegalArgumentException e) {
            throw new PosternException(ExitCode.CONFIG, dev.postern.render.Sanitizer.sentence("config " + ctx.config().source() + ": " + e.getMessage()));
        }
        return new TuiOptions(palette, keys, process, stateDir(env).resolve("history"),
                () -> ctx.controller().addressBook(accounts), layout,
                dev.postern.attach.Mailcap.files(dev.postern.config.ViewConfig.load(ctx.config(), env).mailcapFiles(), env));
    }

    /** {@code $XDG_STATE_HOME/postern}, or {@code ~/.local/state/postern}. */
    static Path stateDir(Map<String, String> env) {
        return Path.of(dev.postern.model.HomeEnv.stateDir(env));
    }
}
