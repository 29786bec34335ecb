package dev.postern.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", description = {"Try postern on an embedded demo mail server, without an account.",
        "The server (IMAP, POP3, SMTP on loopback) is seeded with a few dozen messages and postern opens on it.",
        "Nothing is written outside a temporary directory."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--serve", description = {"Do not open the reader: print the demo config's path and keep the",
            "server running (Ctrl-C stops it), to try batch commands with --config."})
    boolean serve;

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (DemoMail server = root.wiring().demo()) {
            if (serve) {
                PrintWriter out = root.out();
                out.println("Demo server on 127.0.0.1: IMAP " + server.imapPort() + ", POP3 " + server.pop3Port()
                        + ", SMTP " + server.smtpPort() + " (user demo, password demo).");
                out.println("Try:  ./postern --config " + server.config() + " list --limit 10");
                out.println("config: " + server.config());
                out.flush();
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
                return 0;
            }
            try (Wiring ctx = root.wiring().make(root.context().env(), server.config())) {
                root.ui().run(TuiSetup.options(root, ctx), ctx.controller(), ctx.account(null), "INBOX");
            }
            return 0;
        }
    }
}
