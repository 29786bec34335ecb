package dev.postern.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A folder name typed on a command line, as the server spells it ({@link dev.postern.model.Folder#spelledAs}): the name
 * the user saw composed in `folders`, of a folder the server keeps decomposed, or the reverse (hunt 39-I, I6). The
 * folders are the store's (as `folders` lists them); a name not among them is passed on as typed.
 */
final class FolderSpelling {
    private FolderSpelling() {}

    static String of(PosternCommand root, String account, String given) {
        if (given == null || given.chars().allMatch(c -> c < 0x80)) return given; // no store read for the usual name
        try {
            List<String> names = new ArrayList<>();
            for (dev.postern.model.Folder f : root.reading().folders(account == null ? root.account() : account)) {
                names.add(f.name());
            }
            return dev.postern.model.Folder.spelledAs(given, names);
        } catch (RuntimeException unknown) {
            return given; // an account that does not read: the command says so in its turn
        }
    }

    /**
     * Every FOLDER of the subcommand {@code parsed} holds (an option's or an operand's, by its label), as the server
     * spells it, before it runs: one place for every hand adapter (move, copy, flag, attachment, export, import, ...).
     * The root's (the reader's folder) is left as it is.
     */
    static void spell(CommandLine.ParseResult parsed) {
        if (!(parsed.commandSpec().userObject() instanceof PosternCommand root) || !parsed.hasSubcommand()) return;
        CommandLine.ParseResult sub = parsed.subcommand();
        while (sub.hasSubcommand()) sub = sub.subcommand();
        List<CommandLine.Model.ArgSpec> folders = new ArrayList<>();
        for (CommandLine.Model.ArgSpec a : sub.matchedArgs()) if ("FOLDER".equals(a.paramLabel())) folders.add(a);
        for (CommandLine.Model.ArgSpec a : folders) {
            Object v = a.getValue();
            if (v instanceof String s) {
                a.setValue(of(root, null, s));
            } else if (v instanceof List<?> l && l.stream().allMatch(e -> e instanceof String)) {
                List<String> spelled = new ArrayList<>();
                for (Object e : l) spelled.add(of(root, null, (String) e));
                a.setValue(spelled);
            }
        }
    }
}
