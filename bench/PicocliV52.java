import java.io.FileOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * An experiment of bench/jvm-startup, not part of the build: {@code java -cp ASM_JAR bench/PicocliV52.java IN.jar
 * OUT.jar} copies IN.jar with picocli's classes rewritten as Java 8 class files (version 52, stack maps computed by
 * ASM) instead of picocli's Java 5 ones. JDK 25's AOT cache (and its static archive) leaves out an "old" class (before
 * version 50) once it has been linked, and with picocli's interfaces every postern class implementing them:
 * this shows what JDK 25 would give if it did not (bench/STARTUP.md).
 */
public final class PicocliV52 {
    public static void main(String[] args) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()}, null);
        int n = 0;
        try (ZipFile in = new ZipFile(args[0]); ZipOutputStream out = new ZipOutputStream(new FileOutputStream(args[1]))) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().startsWith("picocli/") && entry.getName().endsWith(".class")) {
                    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                        @Override
                        protected ClassLoader getClassLoader() {
                            return loader;
                        }
                    };
                    new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
                        @Override
                        public void visit(int version, int access, String name, String signature, String superName,
                                          String[] interfaces) {
                            super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                        }
                    }, ClassReader.SKIP_FRAMES);
                    bytes = writer.toByteArray();
                    n++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        System.out.println("picocli classes rewritten as version 52: " + n);
    }
}
