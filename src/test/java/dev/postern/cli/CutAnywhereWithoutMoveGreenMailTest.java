package dev.postern.cli;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CutAnywhere} on a server without MOVE (COPY, then the expunge). */
class CutAnywhereWithoutMoveGreenMailTest extends CutAnywhere {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @Override
    GreenMailExtension greenMail() {
        return GREENMAIL;
    }

    @Test
    void aMoveCutAtAnyCommandEndsWithEachMessageOnceWhereItBelongs() throws Exception {
        everyCut(true);
    }
}
