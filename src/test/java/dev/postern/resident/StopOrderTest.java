package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an owner reads after a {@code daemon stop} is not taken, in the order the clients connected, not the order the
 * owner's threads (one per client) happened to read them: the ResidentOwnerIT and PerlClientIT "stop then list" tests
 * once slept 500 ms between the stop and the next command, so that the stop was read first. Here the stop's client
 * connects first and writes its request only once the next command's request has been read (its ACCEPTED came): the
 * command must still go back to its client (NOT_TAKEN), not run in the stopping daemon ahead of the stop.
 */
@Timeout(120)
class StopOrderTest {
    @TempDir Path dir;

    private OwnerFixture fixture;

    private Path config() throws Exception {
        fixture = new OwnerFixture(dir);
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 9, "plain", "zed", "pw", 5, null)).toAbsolutePath().normalize();
    }

    /** The owner's first frame after its ACCEPTED (which must come first: the request is read). */
    private static Wire.Frame afterAccepted(InputStream in) throws Exception {
        Wire.Frame f = Wire.readFrame(in);
        assertTrue(f != null && f.type == Wire.ACCEPTED, "the owner read the request and said so first");
        return Wire.readFrame(in);
    }

    @Test
    void aCommandWhoseClientConnectedAfterTheStopsGoesBackThoughItWasReadFirst() throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                owner.whenStopped().thenRun(owner::storeReleased); // as the daemon's main thread, once the store is closed
                try (SocketChannel stop = fixture.connected(); SocketChannel next = fixture.connected()) {
                    fixture.send(next, config, "complete", "accounts");
                    InputStream nextIn = Wire.input(next);
                    Wire.Frame accepted = Wire.readFrame(nextIn);
                    assertTrue(accepted != null && accepted.type == Wire.ACCEPTED, "the next command's request was read");
                    fixture.send(stop, config, "daemon", "stop");
                    Wire.Frame f = Wire.readFrame(nextIn);
                    assertNotNull(f);
                    assertEquals(Wire.NOT_TAKEN, f.type, "the command after the stop was run by the stopping daemon (frame "
                            + f.type + ": " + new String(f.payload, java.nio.charset.StandardCharsets.UTF_8) + ")");
                    InputStream stopIn = Wire.input(stop);
                    Wire.Frame s = afterAccepted(stopIn);
                    while (s != null && s.type != Wire.EXIT) s = Wire.readFrame(stopIn);
                    assertNotNull(s, "the stop's client was answered");
                    assertEquals(0, s.asInt());
                }
            }
        }
    }

    /** A stop that does not stop (a reader refuses it: it stops when quit) holds back nothing after it. */
    @Test
    void aStopTheOwnerRefusesHoldsNothingBack() throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.READER);
                 SocketChannel stop = fixture.connected(); SocketChannel next = fixture.connected()) {
                fixture.send(next, config, "complete", "accounts");
                InputStream nextIn = Wire.input(next);
                Wire.Frame accepted = Wire.readFrame(nextIn);
                assertTrue(accepted != null && accepted.type == Wire.ACCEPTED);
                fixture.send(stop, config, "daemon", "stop");
                OwnerFixture.Answer refused = OwnerFixture.answer(stop);
                assertEquals(75, refused.exit(), refused.err());
                assertTrue(refused.err().contains("not a daemon; it stops when you quit it"), refused.err());
                OwnerFixture.Answer ran = OwnerFixture.answer(next);
                assertEquals(0, ran.exit(), ran.err());
                assertEquals(2, owner.served(), "the stop's refusal and the command both ran");
            }
        }
    }

    /** A client that connected and sends nothing holds the next one back for a while, not for ever. */
    @Test
    void aSilentClientDoesNotHoldTheNextOneForEver() throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON);
                 SocketChannel silent = fixture.connected(); SocketChannel next = fixture.connected()) {
                fixture.send(next, config, "complete", "accounts");
                OwnerFixture.Answer ran = OwnerFixture.answer(next);
                assertEquals(0, ran.exit(), ran.err());
            }
        }
    }
}
