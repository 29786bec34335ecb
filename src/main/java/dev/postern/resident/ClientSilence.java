package dev.postern.resident;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.Path;
import java.util.Map;

/**
 * A client's patience with the owner it talks to (hunt 27, F20: an owner suspended with Ctrl-Z, or a daemon under
 * SIGSTOP, accepts connections in the kernel and never answers, and every other postern hung for ever, cron's
 * fetches piling up). Watches one connection from beside the thread that reads it:
 *
 * <ul>
 * <li>Before the first frame (a running owner sends {@link Wire#ACCEPTED} within milliseconds of the request):
 * {@link #STOPPED_FIRST_MS} while the owner's process is seen stopped (state T in /proc/PID/stat), or
 * {@link #FIRST_ANSWER_MS} of silence from an owner not shown alive, and the client gives up. An owner whose process is
 * seen running (a long GC, a machine at load 20, every Java thread paused) is busy, not gone: it has
 * {@link #RUNNING_FIRST_MS}, and one still silent then is said to be running but not answering (fix42-M, item 4: it was
 * called stopped after 5 s).</li>
 * <li>Once answered, silence is the command's own (queued behind another, a slow server), and the protocol has no
 * keepalive: the client gives up only when the owner's process has been stopped for {@link #STOPPED_MID_MS} in a
 * row. Its command, given up here, is cancelled in the owner when it resumes and finds this client gone.</li>
 * </ul>
 *
 * A listener on the socket while no postern holds the store's lock is no postern (hunt 42-H, H9: another program
 * listening there was called a stopped postern after 5 s): after {@link #STOPPED_FIRST_MS} without an answer the client
 * says so and exits 69 ({@link #FOREIGN}); it never removes or replaces that socket, which is not its own.
 * Giving up closes the channel (the blocked read fails) and leaves the sentence for the reading thread
 * ({@link #gaveUp}, {@link #say}): 75, and never the store opened here, which the stopped owner holds. Loaded by the
 * client-only JVM: no lambdas, no string concatenation (see {@link Client}).
 */
final class ClientSilence extends Thread {
    /** The longest a client waits for a running owner's first frame (a loaded owner answers in well under 100 ms). */
    static final long FIRST_ANSWER_MS = 5000;
    /** The longest a client waits for the first frame of an owner whose process is seen running all along: wedged, then. */
    static final long RUNNING_FIRST_MS = 30000;
    /** The owner's process seen stopped this long before it answered: not answering. */
    static final long STOPPED_FIRST_MS = 1000;
    /** The owner's process seen stopped this long in a row while the command was under way: not answering. */
    static final long STOPPED_MID_MS = 10000;
    private static final long POLL_MS = 200;

    /** Exit status when what listens on the socket is no postern: retrying will not help (EX_UNAVAILABLE). */
    static final int FOREIGN = 69;

    /** Exit status of a command that sends mail whose owner was lost: it may have gone out (EX_UNAVAILABLE, as olderDaemon's). */
    static final int MAY_HAVE_SENT = 69;

    private final Channel ch;
    private final Path dataDir;
    private final String[] args; // the command line, or null for the reader
    private final Map<String, String> env;
    private final long started = System.nanoTime();
    private volatile boolean answered;
    private volatile boolean done;
    private volatile String gaveUp;
    private volatile long gavePid;
    private volatile boolean gaveRunning; // given up before its first frame while its process was seen running
    private volatile boolean gaveForeign; // given up before its first frame while no postern held the store's lock
    private final ClientStdin given; // what the command was given on stdin; null for the reader

    private ClientSilence(Channel ch, Path dataDir, String[] args, Map<String, String> env) {
        super("postern-client-silence");
        this.ch = ch;
        this.dataDir = dataDir;
        this.args = args;
        this.env = env;
        this.given = args == null ? null : new ClientStdin(env);
        setDaemon(true);
    }

    /** Starts watching {@code ch}, a served reader's connection to the owner of {@code dataDir}. */
    static ClientSilence watch(Channel ch, Path dataDir) {
        return watch(ch, dataDir, null, null);
    }

    /** Starts watching {@code ch}, the connection to the owner of {@code dataDir} running the command line {@code args}. */
    static ClientSilence watch(Channel ch, Path dataDir, String[] args, Map<String, String> env) {
        ClientSilence s = new ClientSilence(ch, dataDir, args, env);
        s.start();
        return s;
    }

    /** A frame came: the owner runs. */
    void heard() {
        answered = true;
    }

    /** {@code n} bytes of {@code b}, read from this process's stdin, given to the owner for the command. */
    void relayed(byte[] b, int n) {
        if (given != null && sends(args)) given.relayed(b, 0, n);
    }

    /** The exchange is over, whichever way: what the command was given is dropped unless it was kept. */
    void end() {
        done = true;
        interrupt();
        if (given != null) given.drop();
    }

    /** Whether this watch gave the owner up (and closed the channel). */
    boolean gaveUp() {
        return gaveUp != null;
    }

    /** Says why the owner was given up; returns the exit code (75; 69 for a command under way that sends mail). */
    int say() {
        if (answered && sends(args)) gaveUp = sentence(dataDir, gavePid, true, args, kept()); // its text kept first
        Client.say(gaveUp);
        if (gaveForeign) return FOREIGN;
        return answered && sends(args) ? MAY_HAVE_SENT : Client.TEMPFAIL;
    }

    /**
     * The connection ended before the command's EXIT: the owner died (kill -9, a crash). Said here, unless this watch gave
     * the owner up (its sentence is the true one: the owner is stopped, not gone; hunt 36-K, K2). A command that sends mail,
     * once the owner took it, may have sent it: "run it again" sent it twice, and 75 had cron do so (K1).
     */
    int ownerGone() {
        if (gaveUp()) return Client.TEMPFAIL; // Client.send says why, once
        if (answered && sends(args)) {
            Client.say(new StringBuilder("postern: the postern that owns ").append(dataDir).append(" stopped while it ran this")
                    .append(" command, which sends mail").append(checkFirst(false, kept())).toString());
            return MAY_HAVE_SENT;
        }
        Client.say(new StringBuilder("postern: ").append(goneSentence()).toString());
        return Client.TEMPFAIL;
    }

    /** What {@link #ownerGone} says of a command that sends no mail (without "postern: "), also its --json error (ClientJson). */
    String goneSentence() {
        return new StringBuilder("the postern that owns ").append(dataDir)
                .append(" stopped before the command finished (part of it may have been done); run it again.").toString();
    }

    /**
     * The text the command was given kept ({@link ClientStdin}): what was relayed, and the rest of a standard input that is
     * no terminal when the command line reads its text there; what to say of it ("" for nothing given).
     */
    private String kept() {
        return given.keep(System.in, readsText(args) && !Client.isTerminal(0));
    }

    /**
     * Whether the command line reads the message's text from stdin: send (not --flush, not --file), reply and forward
     * (not --body-file, not --edit). The rest of a stdin that is no terminal is kept for it when the owner is lost.
     */
    static boolean readsText(String[] args) {
        if (args == null) return false;
        String word = dev.postern.cli.CommandNames.firstWord(args);
        if (!"send".equals(word) && !"reply".equals(word) && !"forward".equals(word)) return false;
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("--flush") || a.equals("--edit") || a.equals("--file") || a.startsWith("--file=") || a.equals("--body-file")
                    || a.startsWith("--body-file=")) return false;
        }
        return true;
    }

    /**
     * Whether the command line sends mail, so that running it again could send a message twice: send (--flush too),
     * reply, forward, bounce, recall, and outbox --flush or --retry. Not the reader (null), nor sync and fetch, whose
     * outbox flush sets a message aside as MAY HAVE BEEN SENT before its final dot and never sends that again by itself.
     */
    static boolean sends(String[] args) {
        if (args == null) return false;
        String word = dev.postern.cli.CommandNames.firstWord(args);
        if (word == null) return false;
        switch (word) {
            case "send": case "reply": case "forward": case "bounce": case "recall":
                return true;
            case "outbox":
                for (String a : args) {
                    if (a.equals("--")) break;
                    if (a.equals("--flush") || a.equals("--retry") || a.startsWith("--retry=")) return true;
                }
                return false;
            default:
                return false;
        }
    }

    /** What a sending command's client says after its owner was lost: where to look before sending again. */
    private String checkFirst(boolean stillRuns, String kept) {
        StringBuilder b = new StringBuilder(": the message may have gone out");
        if (stillRuns) b.append(", or may still go out when it resumes");
        return b.append(", so running the command again may send it twice.").append(kept).append(" Before sending it again, look at")
                .append(" `postern outbox` (an entry marked MAY HAVE BEEN SENT may have gone out) and at ").append(drafts(env))
                .append(" (a draft kept there as unsent-*.eml was not sent).").toString();
    }

    /** The drafts directory of the state directory {@code env} names (as KeptDraft's, which this client-only class may not load). */
    static String drafts(Map<String, String> env) {
        return new StringBuilder(dev.postern.model.HomeEnv.stateDir(env)).append("/drafts").toString();
    }

    @Override
    public void run() {
        long stoppedSince = -1;
        while (!done) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long pid = SocketFiles.lockHolder(dataDir.resolve("store.lock"));
            boolean stopped = SocketFiles.stopped(pid);
            if (!stopped) stoppedSince = -1;
            else if (stoppedSince < 0) stoppedSince = now;
            long stoppedMs = stoppedSince < 0 ? 0 : (now - stoppedSince) / 1_000_000;
            boolean give;
            boolean running = !stopped && SocketFiles.running(pid);
            long silentMs = (now - started) / 1_000_000;
            // An owner holds the store's lock before it listens (Owner.start): nobody holding it, no owner (H9).
            boolean foreign = !answered && pid < 0 && silentMs >= STOPPED_FIRST_MS && locksReadable();
            if (!answered) give = foreign || stoppedMs >= STOPPED_FIRST_MS || silentMs >= (running ? RUNNING_FIRST_MS : FIRST_ANSWER_MS);
            else give = stoppedMs >= STOPPED_MID_MS;
            if (give && foreign && !done) {
                gaveForeign = true;
                gaveUp = new StringBuilder("postern: ").append(SocketFiles.socketFor(dataDir)).append(" is held by a program that")
                        .append(" does not speak postern's protocol: no postern holds ").append(dataDir.resolve("store.lock"))
                        .append(", and what listens there has not answered in ").append(STOPPED_FIRST_MS / 1000).append(" s; stop that")
                        .append(" program (postern leaves a socket it does not own where it is).").toString();
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed
                }
                return;
            }
            if (give && !done) {
                gavePid = pid;
                gaveRunning = !answered && running;
                gaveUp = sentence(dataDir, pid, answered, args, "");
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed
                }
                return;
            }
        }
    }

    /** Whether /proc/locks can be read, so that "no holder" of the store's lock means none, not "cannot be told". */
    private static boolean locksReadable() {
        return java.nio.file.Files.isReadable(Path.of("/proc/locks"));
    }

    /** {@code args}: the command line, or null for a served reader. */
    String sentence(Path dataDir, long pid, boolean midway, String[] args) {
        return sentence(dataDir, pid, midway, args, "");
    }

    /** As {@link #sentence(Path, long, boolean, String[])}; {@code kept}: what {@link ClientStdin#keep} said. */
    String sentence(Path dataDir, long pid, boolean midway, String[] args, String kept) {
        StringBuilder b = new StringBuilder("postern: the postern that owns ").append(dataDir);
        if (pid > 0) b.append(" (pid ").append(pid).append(')');
        if (!midway && gaveRunning) {
            return b.append(" has not answered in ").append(RUNNING_FIRST_MS / 1000).append(" s, though its process runs (busy,")
                    .append(" or wedged); try again later, or stop it (kill ").append(pid).append(").").toString();
        }
        b.append(midway && args != null ? " stopped answering while it ran this command" : midway ? " stopped answering" : " is not answering");
        b.append(" (stopped? suspended with Ctrl-Z?); resume it with fg or kill -CONT");
        if (pid > 0) b.append(' ').append(pid);
        b.append(", or stop it");
        if (midway && args == null) return b.append("; this reader was ended here.").toString(); // K5: no command to speak of
        if (midway && sends(args)) return b.append("; this command was given up here").append(checkFirst(true, kept)).toString();
        if (midway) b.append("; this command was given up here and is cancelled there when it resumes (part of it may have been done)");
        return b.append('.').toString();
    }
}
