package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.render.Sanitizer;

/** The reader's {@code :sign-in} (moved out of MailUi as it was): a view that steps the screen aside for the device flow. */
final class SignInStep {
    private SignInStep() {}

    /**
     * The sign-in command: the screen steps aside (as for $EDITOR) and the device flow prints its address,
     * code and QR code on the terminal, exactly as {@code postern auth login} does; Enter, q, Esc or Ctrl-C
     * gives up; true when the account is signed in. The wait is the flow's own (it polls off this thread); this thread only watches for a key.
     */
    static boolean run(dev.postern.controller.SigningIn c, UiLoop loop, StatusLine status, String account, int columns) {
        if (account == null || !c.signsInWithOAuth(account)) {
            status.notice("Account " + (account == null ? "(none)" : Sanitizer.oneLine(account))
                    + " does not sign in with OAuth2 tokens that postern keeps; there is nothing to sign in.");
            return false;
        }
        String elsewhere = loop.terminal().onlyInOwner("Signing in");
        if (elsewhere != null) {
            status.error(elsewhere + " Sign in there, or with postern auth login " + Sanitizer.oneLine(account) + ".");
            return false;
        }
        String[] outcome = new String[2]; // {notice, error}
        loop.suspend(() -> {
            java.io.PrintWriter out = new java.io.PrintWriter(TerminalText.writer(System.out,
                    dev.postern.model.TerminalCharset.of(dev.postern.model.HomeEnv.process())), true);
            out.print("\r\nSigning in account " + Sanitizer.oneLine(account) + " (Enter, q or Ctrl-C gives up).\r\n");
            out.flush();
            java.util.concurrent.CompletableFuture<String> f = c.signIn(account, new java.io.PrintWriter(
                    new CrLf(out), true), columns);
            try {
                while (!f.isDone()) {
                    if (System.in.available() > 0) {
                        int b = System.in.read();
                        if (b == '\n' || b == '\r' || b == 'q' || b == 3 || b == 27) {
                            f.cancel(true);
                            break;
                        }
                    } else {
                        Thread.sleep(50);
                    }
                }
                outcome[0] = f.isCancelled() ? null : f.get();
                if (f.isCancelled()) outcome[1] = "Sign-in of " + Sanitizer.oneLine(account) + " given up; nothing was saved.";
            } catch (java.util.concurrent.ExecutionException e) {
                outcome[1] = Errors.sentence(e.getCause(), "Signing in");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
            } catch (java.io.IOException e) {
                f.cancel(true);
                outcome[1] = "Sign-in stopped: the terminal could not be read (" + Sanitizer.oneLine(String.valueOf(e.getMessage())) + ").";
            }
        });
        if (outcome[1] != null) status.error(outcome[1]);
        else if (outcome[0] != null) status.notice(Sanitizer.oneLine(outcome[0]));
        return outcome[1] == null && outcome[0] != null;
    }

    /** Lines written while the screen is stopped: the terminal may still be raw, where \n alone does not return. */
    private static final class CrLf extends java.io.Writer {
        private final java.io.Writer out;

        CrLf(java.io.Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) throws java.io.IOException {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') out.write('\r');
                out.write(buf[i]);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            out.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            out.flush();
        }
    }

}
