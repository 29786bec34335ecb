package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** hunt32-V G3: a background failure's sentence names its account once ("dove: account dove: ..." before). */
class FailurePrefixTest {
    @Test
    void aSentenceThatNamesItsAccountIsNotPrefixedAgain() {
        assertEquals("account dove: the connection to h:143 was lost; try again later.",
                StatusLine.ofAccount("dove", "account dove: the connection to h:143 was lost; try again later."));
        assertEquals("dove: the move could not be queued.", StatusLine.ofAccount("dove", "the move could not be queued."));
        // Another account's name in the sentence is no reason to leave this one out.
        assertEquals("dove: account work: refused.", StatusLine.ofAccount("dove", "account work: refused."));
        assertEquals("nothing to say", StatusLine.ofAccount(null, "nothing to say"));
    }
}
