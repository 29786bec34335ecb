package dev.postern.cli;

import dev.postern.command.ProcessCommands;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern demo [--serve]}: the argv adapter over {@link ProcessCommands#DEMO}. */
@Command(name = "demo", description = {"Try postern on an embedded demo mail server, without an account.",
        "The server (IMAP, POP3, SMTP on loopback) is seeded with a few dozen messages and postern opens on it.",
        "Nothing is written outside a temporary directory."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--serve", description = {"Do not open the reader: print the demo config's path and keep the",
            "server running (Ctrl-C stops it), to try batch commands with --config."})
    boolean serve;

    @Override
    public Integer call() {
        dev.postern.command.DemoCommand.Ran ran = Futures.await(ProcessCommands.DEMO.run(ThisProcess.of(root),
                new dev.postern.command.DemoCommand.Args(serve)));
        if (!ran.text().isEmpty()) {
            PrintWriter out = root.out();
            out.println(ran.text());
            out.flush();
        }
        Futures.await(ran.stopped()); // --serve: until Ctrl-C
        return 0;
    }
}
