package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.StreamProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MailStreamsTest {

    @Test
    void theImapMapperNamesJakartasStreamProviderSoNoDecodedWordScansTheClassPath() throws Exception {
        dev.postern.backend.imap.ImapMapper.messageIds(null); // its class initialiser pins the provider
        assertEquals(MailStreams.ANGUS, System.getProperty(MailStreams.PROPERTY));
        // The pinned provider is the one the ServiceLoader scan finds: nothing decodes differently.
        assertEquals(ServiceLoader.load(StreamProvider.class).findFirst().orElseThrow().getClass().getName(),
                MailStreams.ANGUS);
        assertEquals(MailStreams.ANGUS, StreamProvider.provider().getClass().getName());
        assertEquals("Grüße aus Köln", MimeUtility.decodeText("=?UTF-8?B?R3LDvMOfZQ==?= aus =?ISO-8859-1?Q?K=F6ln?="));
    }
}
