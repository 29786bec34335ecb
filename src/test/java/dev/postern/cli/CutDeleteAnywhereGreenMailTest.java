package dev.postern.cli;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CutAnywhere}'s delete on a server without MOVE (COPY to a Trash made on first use, then the expunge). */
class CutDeleteAnywhereGreenMailTest extends CutAnywhere {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @Override
    GreenMailExtension greenMail() {
        return GREENMAIL;
    }

    @Test
    void aDeleteToATrashMadeOnFirstUseCutAtAnyCommandEndsWithEachMessageOnceWhereItBelongs() throws Exception {
        everyCut(true, DELETE, "Trash");
    }
}
