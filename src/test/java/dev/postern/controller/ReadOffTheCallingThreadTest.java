package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.backend.imap.ImapSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderedMessage;
import dev.postern.store.MailStore;
import dev.postern.store.MapDbStore;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's thread never waits on the store: {@code read}, {@code raw} and {@code attachments} return at
 * once and touch the store (disk, decompression) only on the controller's own threads. A store wrapper
 * records the thread of every call; a real MapDB store and GreenMail underneath.
 */
class ReadOffTheCallingThreadTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path home;
    private MapDbStore real;
    private DefaultMailController controller;
    private final List<String> callsOnCaller = Collections.synchronizedList(new ArrayList<>());
    private volatile Thread caller;

    private MailStore recording(MailStore store) {
        return (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
                (proxy, method, args) -> {
                    if (Thread.currentThread() == caller) callsOnCaller.add(method.getName());
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private MessageRef start(Function<byte[], RenderedMessage> renderer) throws Exception {
        return start(renderer, false);
    }

    private MessageRef start(Function<byte[], RenderedMessage> renderer, boolean attachment) throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("dan@localhost", "dan", "pw"));
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Ann <ann@example.org>");
        m.setSubject("cached body");
        if (attachment) {
            jakarta.mail.internet.MimeMultipart mp = new jakarta.mail.internet.MimeMultipart();
            jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
            text.setText("The body, read from the store.", "UTF-8");
            mp.addBodyPart(text);
            jakarta.mail.internet.MimeBodyPart pdf = new jakarta.mail.internet.MimeBodyPart();
            pdf.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(
                    "%PDF-1.4 not really".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "application/pdf")));
            pdf.setFileName("report.pdf");
            mp.addBodyPart(pdf);
            m.setContent(mp);
        } else {
            m.setText("The body, read from the store.");
        }
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "dan", "pw", 20, null));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        real = MapDbStore.open(config.dataDir());
        controller = new DefaultMailController(config, recording(real), a -> new ImapSession(a, () -> "pw"), renderer);
        controller.refreshFolder("t", "INBOX").get(20, TimeUnit.SECONDS);
        List<Envelope> page = controller.page("t", "INBOX", 0, 10);
        assertEquals(1, page.size());
        return page.get(0).ref();
    }

    @AfterEach
    void stop() {
        if (controller != null) controller.close();
        if (real != null) real.close();
    }

    @Test
    void readRawAndAttachmentsTouchTheStoreOnlyOffTheCallingThread() throws Exception {
        MessageRef ref = start(new MessageRenderer()::render);
        // First read: fetched from the server and cached; second: from the store's cache.
        for (int round = 1; round <= 2; round++) {
            caller = Thread.currentThread();
            var read = controller.read(ref);
            var raw = controller.raw(ref);
            var attachments = controller.attachments(ref, 0);
            caller = null;
            assertTrue(read.get(20, TimeUnit.SECONDS).body().contains("The body, read from the store."));
            assertTrue(new String(raw.get(20, TimeUnit.SECONDS), java.nio.charset.StandardCharsets.US_ASCII).contains("cached body"));
            assertEquals(List.of(), attachments.get(20, TimeUnit.SECONDS));
            assertEquals(List.of(), callsOnCaller, "store calls on the calling thread, round " + round);
            assertTrue(real.body(ref).isPresent(), "the body is cached after the first read");
        }
    }

    @Test
    void cancellingAReadInterruptsItsRender() throws Exception {
        CountDownLatch rendering = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        MessageRef ref = start(raw -> {
            rendering.countDown();
            try {
                Thread.sleep(60_000); // a render that would take a minute
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return new MessageRenderer().render(raw);
        });
        var read = controller.read(ref);
        assertTrue(rendering.await(20, TimeUnit.SECONDS), "the render started");
        read.cancel(true);
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "cancelling the read interrupted the render");
        assertTrue(!finished.get(), "the render ran to its end");
        assertTrue(read.isCancelled());
    }

    /**
     * A message with an attachment whose text takes a while (Tika in its own process): the reader gets the body
     * and the attachment list at once, and the whole rendering when it is done; a plain message gets no preview.
     */
    @Test
    void theBodyIsPreviewedWhileTheAttachmentsTextIsStillBeingRendered() throws Exception {
        CountDownLatch slowPart = new CountDownLatch(1);
        MessageRef ref = start(raw -> {
            try {
                slowPart.await(30, TimeUnit.SECONDS); // the attachment parser, held until the preview was seen
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MessageRenderer().render(raw);
        }, true);
        controller.setPreviewRenderer(new MessageRenderer()::render);
        List<RenderedMessage> previews = Collections.synchronizedList(new ArrayList<>());
        var read = controller.read(ref, m -> {
            previews.add(m);
            slowPart.countDown();
        });
        RenderedMessage full = read.get(30, TimeUnit.SECONDS);
        assertEquals(1, previews.size(), "one preview, before the full rendering was released");
        assertTrue(previews.get(0).body().contains("The body, read from the store."));
        assertEquals(1, previews.get(0).parts().size(), "the attachment is listed in the preview");
        assertTrue(full.body().contains("The body, read from the store."));
    }

    @Test
    void aMessageWithoutAttachmentsIsNotPreviewed() throws Exception {
        MessageRef ref = start(new MessageRenderer()::render);
        controller.setPreviewRenderer(new MessageRenderer()::render);
        List<RenderedMessage> previews = Collections.synchronizedList(new ArrayList<>());
        controller.read(ref, previews::add).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), previews);
    }
}
