package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.IdentityConfig;
import dev.postern.model.PosternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignaturesTest {
    @TempDir Path dir;

    private static final String REPLY = "\n\nOn Mon, Bob wrote:\n> hi\n";

    @Test
    void goesBelowTheQuoteOrAboveItWithSigOnTop() {
        assertEquals("\n\nOn Mon, Bob wrote:\n> hi\n\n-- \nAl\n", Signatures.add(REPLY, "Al\n", false));
        assertEquals("\n\n-- \nAl\n\nOn Mon, Bob wrote:\n> hi\n", Signatures.add(REPLY, "Al\n", true));
        assertEquals("\n\n-- \nAl\n", Signatures.add("", "Al\n", false));
        assertEquals("\n\n-- \nAl\n", Signatures.add("", "Al\n", true));
        assertEquals(REPLY, Signatures.add(REPLY, "", false));
    }

    @Test
    void replacingSwapsTheOneBlockAndNeverAddsASecond() {
        String signed = Signatures.add(REPLY, "Al\n", false);
        String swapped = Signatures.replace("My answer.\n" + signed, "Al\n", "Alice Smith\nACME\n", false);
        assertEquals("My answer.\n\n\nOn Mon, Bob wrote:\n> hi\n\n-- \nAlice Smith\nACME\n", swapped);
        String back = Signatures.replace(swapped, "Alice Smith\nACME\n", "Al\n", false);
        assertEquals("My answer.\n" + signed, back);
        assertEquals("My answer.\n\n\nOn Mon, Bob wrote:\n> hi\n", Signatures.replace("My answer.\n" + signed, "Al\n", "", false));
        // the user deleted the block: the new identity's is added once
        assertEquals(Signatures.add(REPLY, "B\n", false), Signatures.replace(REPLY, "Al\n", "B\n", false));
    }

    @Test
    void readsAFileOrACommandAndDoesNotDoubleTheDashes() throws Exception {
        Path f = dir.resolve("sig");
        Files.writeString(f, "-- \nAlice\r\nExample\n\n\n");
        assertEquals("Alice\nExample\n", Signatures.text(new IdentityConfig.Signature(f.toString(), null), Map.of()));
        Files.writeString(dir.resolve("home-sig"), "Home\n");
        assertEquals("Home\n", Signatures.text(new IdentityConfig.Signature("~/home-sig", null), Map.of("HOME", dir.toString())));
        assertEquals("From a command\n", Signatures.text(new IdentityConfig.Signature(null, "echo 'From a command'"), Map.of()));
        assertEquals("", Signatures.text(IdentityConfig.Signature.NONE, Map.of()));
    }

    @Test
    void aFailingOrHangingCommandIsOneSentence() {
        PosternException failed = assertThrows(PosternException.class,
                () -> Signatures.text(new IdentityConfig.Signature(null, "exit 3"), Map.of()));
        assertEquals("signature_command exited with code 3.", failed.getMessage());
        PosternException missing = assertThrows(PosternException.class,
                () -> Signatures.text(new IdentityConfig.Signature(dir.resolve("nope").toString(), null), Map.of()));
        assertEquals("signature_file " + dir.resolve("nope") + " cannot be read (it does not exist); fix the path in the config,"
                + " or leave the signature out (--no-signature).", missing.getMessage());
        assertEquals(dev.postern.model.ExitCode.CONFIG, missing.exitCode(), "a config matter (hunt 38-M, M10), not 66");
    }
}
