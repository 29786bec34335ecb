package dev.postern.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A copy of the source tree's launcher for the Perl client's tests (PerlClientIT, PerlReaderClientIT, and the launcher on
 * another JDK in NewerJavaLauncherIT): the launcher,
 * the Perl client, links to the built jars, an archive builder that records nothing, and a java stub first on
 * {@link #bin} that notes each JVM it starts in {@link #calls}. With the stub the launcher's archive key changes, so the
 * real tree's archive must not be recorded again: hence a copy.
 */
final class PerlTree {
    static final Path SOURCE = PosternProcess.jar().getParent().getParent();

    /** The copied tree: {@code tree/postern} is its launcher. */
    final Path tree;
    /** The directory to put first on PATH: its {@code java} notes its arguments in {@link #calls}, then runs the real one. */
    final Path bin;
    /** One line per JVM started through {@link #bin}'s java. */
    final Path calls;

    private PerlTree(Path tree, Path bin, Path calls) {
        this.tree = tree;
        this.bin = bin;
        this.calls = calls;
    }

    static PerlTree in(Path dir) throws IOException {
        return in(dir, Path.of(PosternProcess.javaBinary()));
    }

    /** The same, its {@link #bin}'s java running {@code java} (another JDK: NewerJavaLauncherIT). */
    static PerlTree in(Path dir, Path java) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("target"));
        Files.createDirectories(tree.resolve("packaging/archive"));
        Files.createDirectories(tree.resolve("packaging/client"));
        Files.copy(SOURCE.resolve("postern"), tree.resolve("postern"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(SOURCE.resolve("packaging/archive/postern-options.sh"), tree.resolve("packaging/archive/postern-options.sh"));
        Files.copy(SOURCE.resolve("packaging/client/postern-client.pl"), tree.resolve("packaging/client/postern-client.pl"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(tree.resolve("target/postern.jar"), PosternProcess.jar());
        Files.createSymbolicLink(tree.resolve("target/postern-client.jar"), PosternProcess.jar().resolveSibling("postern-client.jar"));
        Files.writeString(tree.resolve("packaging/archive/postern-archive"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(tree.resolve("packaging/archive/postern-archive"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("java-calls");
        Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls + "'\nexec '"
                + java + "' \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return new PerlTree(tree, bin, calls);
    }

    Path launcher() { return tree.resolve("postern"); }

    /** The tree's jars as files of their own (copies, not links to the build's), for a test that replaces them. */
    PerlTree ownJars() throws IOException {
        for (String name : new String[] {"postern.jar", "postern-client.jar"}) {
            Path jar = tree.resolve("target").resolve(name);
            Files.delete(jar);
            Files.copy(PosternProcess.jar().resolveSibling(name), jar, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return this;
    }

    /**
     * An upgrade in place, as dpkg makes it (and as `git pull && mvn package` leaves a tree): a new postern.jar written
     * beside the old one and renamed over it, its time {@code seconds} later (the same code here: only the build's
     * identity, its file and time, changes).
     */
    void upgrade(long seconds) throws IOException {
        Path jar = tree.resolve("target/postern.jar");
        Path next = jar.resolveSibling("postern.jar.dpkg-new");
        Files.copy(jar, next);
        Files.setLastModifiedTime(next, java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(jar).toInstant().plusSeconds(seconds)));
        Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What the noted JVMs were started with ("" when none was). */
    String jvms() throws IOException {
        return Files.exists(calls) ? Files.readString(calls) : "";
    }
}
