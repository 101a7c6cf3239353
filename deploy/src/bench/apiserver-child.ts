// Runs the apiserver library in its own process for the benchmark, as it runs
// in a real cluster. Argument: etcd endpoint. Reports its address over IPC and
// stops cleanly when told to (so `--cpu-prof` can write its profile).
import { startApiServer } from '@kctl/apiserver';

export type ChildMessage = { type: 'ready'; address: string } | { type: 'failed'; error: string };

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const endpoint = process.argv[2];
  if (!endpoint || !process.send) throw new Error('usage: forked by the benchmark with the etcd endpoint as argument');
  const server = await startApiServer({ etcdEndpoints: [endpoint], listen: '127.0.0.1:0' });
  const stop = (): void => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: unknown) => {
    if (message === 'stop') stop();
  });
  process.on('SIGTERM', stop);
  // Ctrl-C reaches the whole process group; the parent decides when to stop.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', stop);
  send({ type: 'ready', address: server.address });
}

main().catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
