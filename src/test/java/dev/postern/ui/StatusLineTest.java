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

    /**
     * Hunt 39-Y, Y2: news nobody asked for by a key (a background failure, new mail) waits behind the answer to the
     * user's last key and is shown once a key has acknowledged it; with nothing answered it is shown at once.
     */
    @Test
    void backgroundNewsWaitsBehindTheAnswerToTheUsersKey() {
        StatusLine s = new StatusLine();
        String moved = "Moved to Archive: 1 message(s) (queued: the server is unreachable)";
        s.notice(moved);
        s.told(new dev.postern.controller.Event.Failure("day", "account day: the connection to 127.0.0.1:1 was lost; try again later."));
        s.news("2 new messages in INBOX", false);
        assertTrue(s.showing(moved), "the answer stays until a key");
        s.clearMessage(); // a key acknowledges it: the latest news comes
        assertTrue(s.showing("2 new messages in INBOX"));
        s.told(new dev.postern.controller.Event.Failure("day", "account day: the connection to 127.0.0.1:1 was lost; try again later."));
        assertEquals("account day: the connection to 127.0.0.1:1 was lost; try again later.", s.shownError(),
                "news replaces news");
        s.clearMessage();
        assertEquals(null, s.shownError());
        s.error("account day: there is no message with UID 116 in 'INBOX'.");
        s.news("1 new message in INBOX", false);
        assertEquals("account day: there is no message with UID 116 in 'INBOX'.", s.shownError(), "an error a key caused stays too");
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

    /** "All Inboxes" of two accounts, one down: "1 of 2 offline", not "offline" over the other's current rows (G11). */
    @Test
    void allInboxesSaysHowManyOfItsAccountsAreDown() {
        java.util.Map<String, dev.postern.controller.ConnectionState> states = new java.util.HashMap<>();
        InMemoryMailController c = new InMemoryMailController() {
            @Override public java.util.List<String> unifiedInbox() { return java.util.List.of("dove", "dead"); }

            @Override
            public dev.postern.controller.ConnectionState connectionState(String account) { return states.get(account); }
        };
        String all = dev.postern.controller.MailController.UNIFIED;
        states.put("dove", dev.postern.controller.ConnectionState.ONLINE);
        states.put("dead", dev.postern.controller.ConnectionState.OFFLINE);
        assertEquals("1 of 2 offline", StatusLine.stateOf(c, all));
        assertEquals("offline", StatusLine.stateOf(c, "dead"));
        assertEquals("online", StatusLine.stateOf(c, "dove"));
        states.put("dove", dev.postern.controller.ConnectionState.REFUSED);
        assertEquals("offline", StatusLine.stateOf(c, all), "both down");
        states.put("dead", dev.postern.controller.ConnectionState.ONLINE);
        assertEquals("1 of 2 offline", StatusLine.stateOf(c, all), "a refused login is down too");
        states.put("dove", dev.postern.controller.ConnectionState.CONNECTING);
        assertEquals("1 of 2 connecting", StatusLine.stateOf(c, all));
        states.put("dove", dev.postern.controller.ConnectionState.ONLINE);
        assertEquals("online", StatusLine.stateOf(c, all));
    }
}
