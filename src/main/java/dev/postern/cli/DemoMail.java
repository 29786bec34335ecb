package dev.postern.cli;

import java.nio.file.Path;

/**
 * The embedded demo mail server that {@code postern demo} opens the reader on: IMAP, POP3 and SMTP on loopback,
 * seeded, with a config of its own in a temporary directory. The process's wiring makes it
 * ({@link Wiring.Factory#demo}); the command tree only uses it.
 */
public interface DemoMail extends AutoCloseable {
    Path config();

    int imapPort();

    int pop3Port();

    int smtpPort();

    /** Stops the server and removes its temporary directory. */
    @Override
    void close();
}
