package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.SignInNeeded;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    private static final String SIGNED_IN = "signed in work; the access token is good for 59 minutes.";

    /** The CI failure of stop 23: a job begun before :sign-in finished said "not signed in" over "signed in". */
    @Test
    void aSignInFailureMadeStaleByASignInLeavesTheNoticeShown() {
        StatusLine s = new StatusLine();
        s.notice(SIGNED_IN);
        s.failed(new CompletionException(new SignInNeeded("account work is not signed in; run `postern auth login work`.",
                () -> true)), "Refreshing INBOX");
        assertTrue(s.showing(SIGNED_IN));
    }

    @Test
    void aSignInFailureNotSupersededIsShownAndOffersSignInHere() {
        StatusLine s = new StatusLine();
        s.notice(SIGNED_IN);
        s.failed(new CompletionException(new SignInNeeded("account work is not signed in; run `postern auth login work`.",
                () -> false)), "Refreshing INBOX");
        assertFalse(s.showing(SIGNED_IN));
        assertEquals("account work is not signed in; type :sign-in (or run `postern auth login work`).", s.shownError());
    }

    /** hunt32-V A1: an account whose password the server refused says why it is offline, not "connecting". */
    @Test
    void anAccountWhoseLoginWasRefusedSaysSo() {
        assertEquals("login refused", StatusLine.state(dev.postern.controller.ConnectionState.REFUSED));
    }

    @Test
    void anyOtherFailureIsShown() {
        StatusLine s = new StatusLine();
        s.notice(SIGNED_IN);
        s.failed(new CompletionException(new IllegalStateException("boom")), "Refreshing INBOX");
        assertEquals("Refreshing INBOX failed: boom", s.shownError());
    }
}
