#!/usr/bin/env python3
"""delay-relay.py LISTEN_PORT UPSTREAM_PORT ONE_WAY_MS [DROP_AFTER_BYTES]: a loopback TCP relay that holds every chunk
ONE_WAY_MS before passing it on, in each direction, in order (a link with a round trip of twice that). With
DROP_AFTER_BYTES, the link drops once: the first connection whose server-to-client bytes pass that many is closed on
both sides (the rest of its chunks are not passed on), as a lost line would; later connections are left alone."""
import asyncio, sys
listen, upstream, delay = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000.0
drop_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
dropped = False

async def pipe(reader, writer, down=False, cut=None):
    global dropped
    loop = asyncio.get_running_loop()
    passed = 0
    q = asyncio.Queue()
    async def sender():
        while True:
            due, data = await q.get()
            if data is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()
    task = asyncio.create_task(sender())
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if down and drop_after is not None and not dropped and passed + len(data) > drop_after:
                dropped = True
                print(f"delay-relay: dropped a connection after {passed} bytes to the client", file=sys.stderr, flush=True)
                cut()
                break
            passed += len(data)
            q.put_nowait((loop.time() + delay, data))
    except Exception:
        pass
    q.put_nowait((0, None))
    await task

async def handle(cr, cw):
    try:
        sr, sw = await asyncio.open_connection('127.0.0.1', upstream)
    except Exception:
        cw.close(); return
    def cut():
        for w in (cw, sw):
            w.transport.abort()
    await asyncio.gather(pipe(cr, sw), pipe(sr, cw, True, cut), return_exceptions=True)

async def main():
    srv = await asyncio.start_server(handle, '127.0.0.1', listen)
    async with srv:
        await srv.serve_forever()

asyncio.run(main())
