// A loopback TCP proxy that can be partitioned: while partitioned, connections
// stay open but no byte moves either way, so calls hang as over a broken
// network (rather than failing fast with "connection refused").
import * as net from 'net';

export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  address: string;
  partition(): void;
  heal(): void;
  /** Drops every open connection (held bytes are lost) and lets new ones through. */
  reset(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const colon = target.lastIndexOf(':');
  const host = target.slice(0, colon);
  const port = Number(target.slice(colon + 1));
  const sockets = new Set<net.Socket>();
  /** Bytes held back while partitioned, per destination, delivered on heal. */
  const held = new Map<net.Socket, Buffer[]>();
  let partitioned = false;
  const forward = (from: net.Socket, to: net.Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (partitioned) held.get(to)?.push(chunk);
      else to.write(chunk);
    });
    from.on('close', () => to.destroy());
  };
  const server = net.createServer((inbound) => {
    const outbound = net.connect(port, host);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      held.set(s, []);
      s.on('close', () => {
        sockets.delete(s);
        held.delete(s);
      });
      s.on('error', () => s.destroy());
    }
    forward(inbound, outbound);
    forward(outbound, inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${own}`,
    partition() {
      partitioned = true;
    },
    heal() {
      partitioned = false;
      for (const [socket, chunks] of held) for (const chunk of chunks.splice(0)) socket.write(chunk);
    },
    reset() {
      partitioned = false;
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
