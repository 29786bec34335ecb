package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reason a check failed is gpgsm's error, not its notices of what it set up in a fresh home: the first S/MIME check
 * of a session said "no signature found (directory '/home/u/.gnupg' created)" (hunt 33-Z, Z13).
 */
class GpgReasonTest {
    private static GpgProcess.Result logged(String... log) {
        return new GpgProcess.Result(1, new byte[0], List.of(), List.of(log), false, false, null);
    }

    @Test
    void theNoticesOfAFreshHomeAreNoReason() {
        assertEquals(" (ksba_cms_parse failed: Invalid CMS object)", GnupgEngine.why(logged(
                "gpgsm: directory '/tmp/h/.gnupg' created",
                "gpgsm: keybox '/tmp/h/.gnupg/pubring.kbx' created",
                "gpg: /tmp/h/.gnupg/trustdb.gpg: trustdb created",
                "gpgsm: ksba_cms_parse failed: Invalid CMS object")));
    }

    @Test
    void onlyNoticesLeaveNoReason() {
        assertEquals("", GnupgEngine.why(logged("gpgsm: directory '/tmp/h/.gnupg' created")));
    }
}
