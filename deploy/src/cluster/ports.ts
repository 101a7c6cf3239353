// Checks that a loopback port is free before a component tries to bind it, so a
// clash is reported in one clear sentence instead of a child process's exit code.
import * as net from 'net';

export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly purpose: string,
  ) {
    super(`${host}:${port} (${purpose}) is already in use. Is another local cluster or etcd running? Stop it, or pick another port.`);
    this.name = 'PortInUseError';
  }
}

/** Resolves when nothing listens on host:port; rejects with PortInUseError otherwise. */
export function assertPortFree(host: string, port: number, purpose: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') reject(new PortInUseError(host, port, purpose));
      else reject(new Error(`cannot check ${host}:${port} (${purpose}): ${err.message}`));
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
