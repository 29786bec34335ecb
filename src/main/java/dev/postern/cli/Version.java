package dev.postern.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code postern --version}: the version the build recorded, the Java runtime, and whether the start-up
 * archive is in use. The launchers pass the archive they chose as {@code -Dpostern.archive=FILE}; whether
 * this JVM can really use it is asked of the JVM itself ({@code -Xshare:on -XX:+PrintSharedArchiveAndExit},
 * which fails when the archive was made for another jar, jar path or Java build), so the line never claims
 * an archive that the JVM silently set aside.
 */
final class Version implements IVersionProvider {
    /** The system property through which the launchers name the archive they passed to the JVM. */
    static final String ARCHIVE_PROPERTY = "postern.archive";

    @Override
    public String[] getVersion() {
        return lines(System.getProperty(ARCHIVE_PROPERTY), Version::archiveUsable).toArray(String[]::new);
    }

    /** The lines of {@code --version}, for an archive named by the launcher (null: none) and a way to check it. */
    static List<String> lines(String archive, ArchiveCheck check) {
        List<String> lines = new ArrayList<>();
        lines.add("postern " + dev.postern.model.BuildVersion.text());
        lines.add("Java " + System.getProperty("java.runtime.version", System.getProperty("java.version"))
                + " (" + System.getProperty("java.vendor", "unknown vendor") + ", " + System.getProperty("java.home") + ")");
        if (archive == null || archive.isBlank()) {
            lines.add("Start-up archive: none (this run loads its classes from the jar).");
        } else {
            String problem = check.problem(Path.of(archive));
            lines.add(problem == null ? "Start-up archive: in use (" + kind(archive) + ", " + archive + ")."
                    : "Start-up archive: not in use (" + archive + " " + problem + ").");
        }
        return lines;
    }

    /** What kind of archive the launcher named: the app image's runtime (Java 25) records an AOT cache (.aot). */
    static String kind(String archive) {
        return archive.endsWith(".aot") ? "AOT cache" : "class-data sharing";
    }

    /** Why an archive cannot be used by this JVM and class path, or null when it can. */
    @FunctionalInterface
    interface ArchiveCheck {
        String problem(Path archive);
    }

    /**
     * This JVM's options that shape its module graph: an archive or AOT cache is used only by a JVM started with
     * the same ones (the app image's launcher passes --enable-native-access, and a cache recorded without it is
     * set aside), so the check runs with them too.
     */
    static List<String> moduleOptions(List<String> jvmArguments) {
        List<String> out = new ArrayList<>();
        for (String a : jvmArguments) {
            if (a.startsWith("--enable-native-access") || a.startsWith("--add-") || a.startsWith("--limit-modules")
                    || a.startsWith("--patch-module") || a.startsWith("--upgrade-module-path")
                    || a.startsWith("--module-path") || a.startsWith("--illegal-native-access")
                    || a.startsWith("--sun-misc-unsafe-memory-access") || a.startsWith("-Djdk.module.")) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Asks a JVM of this runtime, on this class path, to map the archive strictly ({@code -Xshare:on}, which
     * refuses to start when the archive was made for another jar, jar path or Java build) and stop
     * ({@code -version}). That takes one JVM start; -XX:+PrintSharedArchiveAndExit, used before, also lists
     * every archived class, and an AOT cache's 40,000 lines cost seconds.
     */
    static String archiveUsable(Path archive) {
        if (!Files.isReadable(archive)) return "is missing";
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive));
        cmd.addAll(moduleOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "-version"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "could not be checked in time";
            }
            return p.exitValue() == 0 ? null : "was made for another jar or Java build";
        } catch (IOException e) {
            return "could not be checked: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "could not be checked";
        }
    }
}
