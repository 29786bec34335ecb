package dev.postern.backend.pop3;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DELE, one message at a time, with the server's answer heard. Angus sends DELE itself when a folder is closed with
 * expunge, but drops the answer: a server answering {@code -ERR} to every DELE had its messages counted as deleted,
 * run after run. Here each DELE goes through Angus's own connection ({@code POP3Folder.port}, its package-private
 * {@code Protocol.dele}, reached by reflection as {@code imap.BlockReader} reaches Angus's reader), and only the
 * numbers the server said {@code +OK} to are returned. Where Angus's fields are not there (another version), the
 * deletions go Angus's way and are taken as sent, as before.
 */
final class Pop3Deletions {
    private static final Logger log = LoggerFactory.getLogger(Pop3Deletions.class);
    private static final Field PORT;
    private static final Method DELE;
    private static final Method QUIT;
    private static final Method NOOP;

    static {
        Field port = null;
        Method dele = null;
        Method quit = null;
        Method noop = null;
        try {
            port = POP3Folder.class.getDeclaredField("port");
            port.setAccessible(true);
            dele = port.getType().getDeclaredMethod("dele", int.class);
            if (!boolean.class.equals(dele.getReturnType())) throw new NoSuchMethodException("dele returns " + dele.getReturnType());
            dele.setAccessible(true);
            quit = port.getType().getDeclaredMethod("quit");
            if (!boolean.class.equals(quit.getReturnType())) throw new NoSuchMethodException("quit returns " + quit.getReturnType());
            quit.setAccessible(true);
            noop = port.getType().getDeclaredMethod("noop");
            if (!boolean.class.equals(noop.getReturnType())) throw new NoSuchMethodException("noop returns " + noop.getReturnType());
            noop.setAccessible(true);
        } catch (NoSuchFieldException | NoSuchMethodException | RuntimeException e) {
            log.info("POP3 deletions go through Angus's close, whose DELE answers are not heard ({})", e.toString());
            port = null;
            dele = null;
            quit = null;
            noop = null;
        }
        PORT = port;
        DELE = dele;
        QUIT = quit;
        NOOP = noop;
    }

    private Pop3Deletions() {}

    /** Whether each DELE's answer (and QUIT's) can be heard here. */
    static boolean heard() {
        return DELE != null && QUIT != null;
    }

    /**
     * Sends DELE for each of {@code numbers} on {@code f}'s connection, then QUIT, which is when a server applies them
     * (RFC 1939), and closes the connection; returns the numbers the server accepted, or none when QUIT was refused
     * (the server may then have removed none). Angus's own close (its RSET before QUIT: {@code rsetbeforequit}, so that
     * an aborted session deletes nothing) then finds the connection closed.
     */
    static Set<Integer> deleteAndQuit(POP3Folder f, Collection<Integer> numbers) throws java.io.IOException {
        Set<Integer> accepted = new TreeSet<>();
        Object port;
        try {
            port = PORT.get(f);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        if (port == null) throw new java.io.IOException("the POP3 connection is closed");
        for (int n : numbers) {
            if (call(DELE, port, n)) accepted.add(n);
            else log.warn("the POP3 server refused DELE {}", n);
        }
        if (!call(QUIT, port)) {
            log.warn("the POP3 server refused QUIT after {} DELE; it may have deleted none of them", accepted.size());
            return Set.of();
        }
        return accepted;
    }

    /**
     * Whether the server's next answer on {@code f}'s connection is one: NOOP, answered +OK. Angus's own
     * {@code isOpen} sends NOOP too, but drops what came instead of the answer and closes the folder; here that line is
     * thrown as Angus read it ("Unexpected response: ..."). Where Angus's fields are not there, its {@code isOpen}.
     */
    static boolean answers(POP3Folder f) throws java.io.IOException {
        if (NOOP == null) return f.isOpen();
        Object port;
        try {
            port = PORT.get(f);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return port != null && call(NOOP, port);
    }

    private static boolean call(Method m, Object port, Object... args) throws java.io.IOException {
        try {
            return (Boolean) m.invoke(port, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof java.io.IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
