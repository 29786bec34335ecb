package dev.postern.backend;

/**
 * Names Jakarta Mail's {@code StreamProvider} (Angus's) in the system property its {@code FactoryFinder} reads
 * first. Jakarta Mail 2.1 asks for the provider afresh every time it decodes an encoded word
 * ({@code MimeUtility.decodeText}: every encoded subject and display name), reads a header block
 * ({@code InternetHeaders}: the References header of every listed message) or opens a base64 or
 * quoted-printable stream, and without the property each ask is a {@code ServiceLoader} scan of the class
 * path: the jar's service file found, opened, inflated and parsed. In a 20,000-message listing that was
 * four tenths of the account thread's CPU. With the property set the ask is a class lookup and a
 * constructor call; the provider is the same class the scan finds (the only one the jar holds), so no
 * decoded byte changes. A property the user set is left as it is.
 */
public final class MailStreams {
    /** The property Jakarta Mail's {@code FactoryFinder} reads before it scans. */
    public static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    /** Angus's provider, the one {@code META-INF/services/jakarta.mail.util.StreamProvider} names. */
    public static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    private static volatile boolean pinned;

    private MailStreams() {}

    /** Sets the property once per JVM (cheap to call again), if Angus's provider is there and none is named. */
    public static void pin() {
        if (pinned) return;
        synchronized (MailStreams.class) {
            if (pinned) return;
            try {
                Class.forName(ANGUS, false, MailStreams.class.getClassLoader());
                if (System.getProperty(PROPERTY) == null) System.setProperty(PROPERTY, ANGUS);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // Without Angus on the class path Jakarta's own scan finds whatever provider there is.
            }
            pinned = true;
        }
    }
}
