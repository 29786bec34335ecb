package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** hunt34-B B13: why an encrypted part's attachments are missing carries the engine's class. */
class AttachmentsListedTest {
    private static ExitCode of(String why) {
        return new Attachments.Listed(List.of(), List.of(why)).exitCode();
    }

    @Test
    void theExitClassFollowsWhyGpgCouldNotDecrypt() {
        assertEquals(ExitCode.UNAVAILABLE, of("gpg is not installed or not on PATH (install GnuPG to read and write signed or encrypted mail)"));
        assertEquals(ExitCode.TEMPFAIL, of("gpg did not answer in time and was stopped"));
        assertEquals(ExitCode.NOPERM, of("the key needs its passphrase and the reader does not start a pinentry on its own terminal"));
        assertEquals(ExitCode.DATAERR, of("no secret key for 8E11075C69A2EE9E"));
    }
}
