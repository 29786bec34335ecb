package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Debian package as a user gets it: packaging/deb/test-deb builds it from the jar under test, installs it
 * (apt-get install ./postern_*.deb), runs postern --version, demo --serve, man -w, completion of commands,
 * accounts and folders (bash, fish, zsh at a real prompt), removes it (dpkg -r) and checks nothing is left but
 * the user's files. It installs a package on the machine, so it runs only in CI (CI=true, as .ci/run is run) or
 * when asked (-Dpostern.deb.test=true), and test-deb itself skips when not root. About a minute on a quiet
 * machine, four at load 25, most of it postinst recording the start-up archive.
 */
class DebPackageIT {
    @Test
    void theDebianPackageInstallsRunsCompletesAndRemovesCleanly() {
        Assumptions.assumeTrue("true".equals(System.getenv("CI")) || Boolean.getBoolean("postern.deb.test"),
                "installs a Debian package on this machine: runs in CI, or with -Dpostern.deb.test=true");
        Path tree = PosternProcess.jar().getParent().getParent();
        PosternProcess.Result r = PosternProcess.command("bash", tree.resolve("packaging/deb/test-deb").toString(),
                PosternProcess.jar().toString()).timeout(Duration.ofMinutes(10)).run();
        System.out.println(r.stdout());
        Assumptions.assumeFalse(r.exitCode() == 0 && r.stdout().startsWith("test-deb: skipped"), r.stdout().strip());
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("test-deb: passed"), r.describe());
    }
}
