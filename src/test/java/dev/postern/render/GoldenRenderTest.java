package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code golden/NAME.eml} renders to exactly {@code golden/NAME.txt} (headers,
 * body and parts as {@link RenderAssertions#dump} writes them).
 *
 * <p>To regenerate after an intended change, run
 * {@code mvn -o test -Dtest=GoldenRenderTest -Dpostern.golden.update=true} and review every
 * changed .txt by eye before committing: a golden file must be correct, not merely current.
 */
class GoldenRenderTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final boolean UPDATE = Boolean.getBoolean("postern.golden.update");

    static Stream<String> names() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void rendersAsTheGoldenFileSays(String name) throws IOException {
        byte[] raw = Files.readAllBytes(GOLDEN.resolve(name + ".eml"));
        String actual = RenderAssertions.dump(new MessageRenderer().render(raw));
        Path expectedFile = GOLDEN.resolve(name + ".txt");
        if (UPDATE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile + "; run with -Dpostern.golden.update=true");
        assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), actual);
    }
}
