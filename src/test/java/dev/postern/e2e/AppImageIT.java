package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The app image tarball as a user gets it: packaging/jpackage/test-image builds it from the jar under test
 * (jpackage, the bundled Java 25 and its AOT cache), unpacks it at another path, and checks that the first
 * run's postern --version names the build, the image's own runtime and the AOT cache in use, that demo --serve
 * and a batch command against it work through a link on PATH, and that no run records anything in the user's
 * cache. Building the image (jlink, the training run, gzip of ~130 MB) takes 1.5 to 5 minutes on two loaded
 * cores, so it runs only when asked (-Dpostern.image.test=true); test-image skips without a JDK 25 jpackage.
 */
class AppImageIT {
    @Test
    void theAppImageUnpackedElsewhereStartsWithItsAotCacheAndServes() {
        Assumptions.assumeTrue(Boolean.getBoolean("postern.image.test"),
                "builds a 130 MB jpackage image (minutes): runs with -Dpostern.image.test=true");
        Path tree = PosternProcess.jar().getParent().getParent();
        PosternProcess.Result r = PosternProcess.command("bash", tree.resolve("packaging/jpackage/test-image").toString(),
                PosternProcess.jar().toString()).timeout(Duration.ofMinutes(10)).run();
        System.out.println(r.stdout());
        Assumptions.assumeFalse(r.exitCode() == 0 && r.stdout().startsWith("test-image: skipped"), r.stdout().strip());
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("test-image: passed"), r.describe());
    }
}
