package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A daemon that cannot open its socket says why on the terminal, with the way out: it said only "see the log" when
 * the socket of a long data_dir went to /tmp/postern-UID and another user had made that directory first (hunt 34-C,
 * C13).
 */
class DaemonSocketRefusalTest {
    @Test
    void theReasonAndTheWayOutAreSaid() {
        Path deep = Path.of("/home/u/" + "a-long-directory-name/".repeat(5) + "postern");
        Path socket = SocketFiles.socketFor(deep);
        String uidDir = socket.getParent().toString();
        assertEquals("the daemon could not open its socket " + socket + " (" + uidDir + " belongs to another user); it is there,"
                + " not in " + deep + ", because that path is too long for a socket (108 bytes): use a shorter data_dir, or have "
                + uidDir + " removed.", Residence.noSocket(deep, uidDir + " belongs to another user"));
        Path shallow = Path.of("/home/u/.local/share/postern");
        assertEquals("the daemon could not open its socket /home/u/.local/share/postern/owner.sock (Address already in use).",
                Residence.noSocket(shallow, "Address already in use"));
    }
}
