package dev.postern.resident;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.Path;

/**
 * A client's patience with the owner it talks to (hunt 27, F20: an owner suspended with Ctrl-Z, or a daemon under
 * SIGSTOP, accepts connections in the kernel and never answers, and every other postern hung for ever, cron's
 * fetches piling up). Watches one connection from beside the thread that reads it:
 *
 * <ul>
 * <li>Before the first frame (a running owner sends {@link Wire#ACCEPTED} within milliseconds of the request):
 * {@link #FIRST_ANSWER_MS} of silence, or {@link #STOPPED_FIRST_MS} while the owner's process is seen stopped
 * (state T in /proc/PID/stat), and the client gives up.</li>
 * <li>Once answered, silence is the command's own (queued behind another, a slow server), and the protocol has no
 * keepalive: the client gives up only when the owner's process has been stopped for {@link #STOPPED_MID_MS} in a
 * row. Its command, given up here, is cancelled in the owner when it resumes and finds this client gone.</li>
 * </ul>
 *
 * Giving up closes the channel (the blocked read fails) and leaves the sentence for the reading thread
 * ({@link #gaveUp}, {@link #say}): 75, and never the store opened here, which the stopped owner holds. Loaded by the
 * client-only JVM: no lambdas, no string concatenation (see {@link Client}).
 */
final class ClientSilence extends Thread {
    /** The longest a client waits for a running owner's first frame (a loaded owner answers in well under 100 ms). */
    static final long FIRST_ANSWER_MS = 5000;
    /** The owner's process seen stopped this long before it answered: not answering. */
    static final long STOPPED_FIRST_MS = 1000;
    /** The owner's process seen stopped this long in a row while the command was under way: not answering. */
    static final long STOPPED_MID_MS = 10000;
    private static final long POLL_MS = 200;

    private final Channel ch;
    private final Path dataDir;
    private final long started = System.nanoTime();
    private volatile boolean answered;
    private volatile boolean done;
    private volatile String gaveUp;

    private ClientSilence(Channel ch, Path dataDir) {
        super("postern-client-silence");
        this.ch = ch;
        this.dataDir = dataDir;
        setDaemon(true);
    }

    /** Starts watching {@code ch}, a connection to the owner of {@code dataDir}. */
    static ClientSilence watch(Channel ch, Path dataDir) {
        ClientSilence s = new ClientSilence(ch, dataDir);
        s.start();
        return s;
    }

    /** A frame came: the owner runs. */
    void heard() {
        answered = true;
    }

    /** The exchange is over, whichever way. */
    void end() {
        done = true;
        interrupt();
    }

    /** Whether this watch gave the owner up (and closed the channel). */
    boolean gaveUp() {
        return gaveUp != null;
    }

    /** Says why the owner was given up; returns the exit code (75). */
    int say() {
        Client.say(gaveUp);
        return Client.TEMPFAIL;
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
            if (!answered) give = stoppedMs >= STOPPED_FIRST_MS || (now - started) / 1_000_000 >= FIRST_ANSWER_MS;
            else give = stoppedMs >= STOPPED_MID_MS;
            if (give && !done) {
                gaveUp = sentence(dataDir, pid, answered);
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed
                }
                return;
            }
        }
    }

    static String sentence(Path dataDir, long pid, boolean midway) {
        StringBuilder b = new StringBuilder("postern: the postern that owns ").append(dataDir);
        if (pid > 0) b.append(" (pid ").append(pid).append(')');
        b.append(midway ? " stopped answering while it ran this command" : " is not answering");
        b.append(" (stopped? suspended with Ctrl-Z?); resume it with fg or kill -CONT");
        if (pid > 0) b.append(' ').append(pid);
        b.append(", or stop it");
        if (midway) b.append("; this command was given up here and is cancelled there when it resumes (part of it may have been done)");
        return b.append('.').toString();
    }
}
