package dev.postern;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Every {@code @TempDir} of the suite (src/test/resources/junit-platform.properties): JUnit's own directory
 * ({@code junit} under java.io.tmpdir), remembered for the test or class whose end deletes it, so that
 * {@link ProcessesLeftGuard} can look for processes still using it before it goes.
 */
public final class RememberedTempDirs implements TempDirFactory {
    private static final Map<String, List<Path>> BY_CONTEXT = new ConcurrentHashMap<>();

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("junit");
        BY_CONTEXT.computeIfAbsent(context.getUniqueId(), id -> new CopyOnWriteArrayList<>()).add(dir);
        return dir;
    }

    /** The directories made for this test or class (deleted when it ends), forgotten here. */
    static List<Path> takeFor(ExtensionContext context) {
        List<Path> dirs = BY_CONTEXT.remove(context.getUniqueId());
        return dirs == null ? List.of() : dirs;
    }
}
