package dev.postern.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller chooses its paths by what an account can do ({@code model/Capability}: the session's
 * {@code capabilities()}, or before connecting {@code Capability.of(protocol, idle)}), never by the session's
 * class or by naming a protocol (issue 14): a new backend then gets the right paths by saying what it can do.
 * Comments are left out (a javadoc may say "POP3").
 */
class CapabilityBranchesTest {
    private static final Path CONTROLLER = Path.of("src/main/java/dev/postern/controller");
    /** A branch on a session's class, or on a protocol by name. */
    private static final Pattern BRANCH = Pattern.compile(
            "instanceof\\s+(?:[\\w.]+\\.)?\\w*Session\\b|\\.getClass\\(\\)|\\bProtocol\\.(?:IMAP|POP3)\\b");

    /**
     * Above and beside the controller (the adapters, compose, the wiring) a class name may be asked for other
     * reasons (an error's simple name), so there only a session's class or a protocol's name is a branch.
     */
    private static final Pattern NAMED = Pattern.compile(
            "instanceof\\s+(?:[\\w.]+\\.)?\\w*Session\\b|\\bProtocol\\.(?:IMAP|POP3)\\b");

    static List<String> branches(Path dir) throws IOException {
        return branches(dir, BRANCH);
    }

    /** Every match of {@code branch} in the code (not the comments) of the Java files under {@code dir}. */
    static List<String> branches(Path dir, Pattern branch) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(dir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path p : sources) {
            List<String> lines = LayersTest.code(Files.readString(p));
            for (String line : lines) {
                Matcher m = branch.matcher(line);
                while (m.find()) found.add(dir.relativize(p) + ": " + m.group());
            }
        }
        return found;
    }

    /**
     * Sending, Drafts, the shell's watch and the reader ask capabilities too (a Sent copy needs APPEND, not
     * "IMAP"). The one place a protocol's name may choose is the wiring's session factory, which makes the
     * session of the account's protocol.
     */
    @Test
    void theAdaptersComposeAndTheWiringBranchOnCapabilitiesToo() throws IOException {
        Path root = Path.of("src/main/java/dev/postern");
        List<String> found = new ArrayList<>();
        for (String pkg : List.of("cli", "ui", "command", "compose", "app")) {
            for (String b : branches(root.resolve(pkg), NAMED)) found.add(pkg + "/" + b);
        }
        assertEquals(List.of("app/AppContext.java: Protocol.POP3"), found,
                "ask AccountConfig.capabilities() or the controller's capabilities(account) instead");
    }

    @Test
    void theControllerBranchesOnCapabilitiesOnly() throws IOException {
        assertTrue(Files.isDirectory(CONTROLLER), "run from the project root");
        assertEquals(List.of(), branches(CONTROLLER), "ask capabilities(account) or s.capabilities() instead");
    }

    @Test
    void theCheckSeesEachKindOfBranch(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("A.java"), """
                package dev.postern.controller;
                class A {
                    // a comment may say Protocol.POP3 or instanceof Pop3Session
                    boolean a(Object s) { return s instanceof dev.postern.backend.pop3.Pop3Session; }
                    boolean b(Object s) { return s.getClass() == Object.class; }
                    boolean c(dev.postern.config.AccountConfig x) { return x.protocol() == dev.postern.model.Protocol.IMAP; }
                    boolean d(Object s) { return s instanceof dev.postern.backend.BulkBodySource; }
                }
                """);
        assertEquals(List.of("A.java: instanceof dev.postern.backend.pop3.Pop3Session", "A.java: .getClass()",
                "A.java: Protocol.IMAP"), branches(tmp));
    }
}
