// `kctl get --watch` across an apiserver restart and across a resume that meets
// compacted history: it carries on from its last resourceVersion, relists on
// Gone, and prints every change once.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { ControlPlane, eventually, startControlPlane, startTcpProxy } from '@kctl/testing';
import { run } from './cli';
import { captureIO } from './testing/io';

const FIVE_MINUTES = 5 * 60_000;
const apiClock = new FakeClock();
let cluster: ControlPlane;
let home: string;

beforeAll(async () => {
  cluster = await startControlPlane({ clientTimeoutMs: 10_000, apiServer: { clock: apiClock, etcdCompactionIntervalMs: FIVE_MINUTES, watchCache: { windowSize: 2 } } });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-watch-home-'));
  await cluster.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watched' } });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

const cm = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'watched' }, data: { v: name } });

/** Starts `kctl -s server get ... --watch`; returns its output so far, and a stop that returns the exit code. */
function startWatch(server: string, args: string[]): { out(): string; err(): string; stop(): Promise<number> } {
  const abort = new AbortController();
  const c = captureIO({ env: { HOME: home }, signal: abort.signal });
  const done = run(['-s', server, ...args], c.io);
  return {
    out: c.stdout,
    err: c.stderr,
    async stop() {
      abort.abort();
      return done;
    },
  };
}

/** Output lines as "EVENT NAME" pairs. */
const events = (out: string): string[] =>
  out
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(/\s+/).slice(0, 2).join(' '));

test('--watch carries on across an apiserver restart without repeating anything', async () => {
  await cluster.client.create('configmaps', cm('before'));
  const watch = startWatch(cluster.address, ['get', 'cm', '-n', 'watched', '--watch', '--output-watch-events']);
  await eventually(() => expect(events(watch.out())).toEqual(['ADDED before']));
  await cluster.client.patch('configmaps', 'watched', 'before', { data: { v: 'changed' } });
  await eventually(() => expect(events(watch.out())).toEqual(['ADDED before', 'MODIFIED before']));

  await cluster.stopApiServer();
  await cluster.startApiServer();
  await eventually(() => cluster.client.create('configmaps', cm('after')));
  await cluster.client.delete('configmaps', 'watched', 'before');
  await eventually(() => expect(events(watch.out())).toEqual(['ADDED before', 'MODIFIED before', 'ADDED after', 'DELETED before']));
  expect(await watch.stop()).toBe(0);
  expect(watch.err()).toBe('');
});

test('--watch relists when its resume point was compacted, reporting what it missed once', async () => {
  const proxy = await startTcpProxy(cluster.address);
  try {
    await cluster.client.create('configmaps', cm('kept'));
    await cluster.client.create('configmaps', cm('dropped'));
    await cluster.client.create('configmaps', cm('probe'));
    const all = startWatch(proxy.address, ['get', 'cm', '-n', 'watched', '--watch-only', '--output-watch-events']);
    // Change probe until kctl shows it: then kctl is watching.
    let patches = 0;
    await eventually(async () => {
      await cluster.client.patch('configmaps', 'watched', 'probe', { data: { v: `seen-${patches++}` } });
      expect(events(all.out()).length).toBeGreaterThan(0);
    });
    const others = (): string[] => events(all.out()).filter((e) => e !== 'MODIFIED probe');
    expect(others()).toEqual([]);

    // Cut kctl off; meanwhile changes push its revision out of the watch cache and etcd compacts past it.
    proxy.partition();
    await cluster.client.delete('configmaps', 'watched', 'dropped');
    await cluster.client.patch('configmaps', 'watched', 'kept', { data: { v: 'missed' } });
    for (let i = 0; i < 3; i++) await cluster.client.create('configmaps', cm(`new-${i}`));
    const compactor = cluster.apiServer!.compactor;
    const before = compactor.compactedRevision;
    await apiClock.step(FIVE_MINUTES);
    await cluster.client.create('configmaps', cm('last'));
    await eventually(async () => {
      await apiClock.step(FIVE_MINUTES);
      expect(compactor.compactedRevision).toBeGreaterThan(before);
    });

    proxy.reset();
    // The relist reports the net change once: kept's new state, dropped gone, the new objects.
    await eventually(() =>
      expect(others().sort()).toEqual(['DELETED dropped', 'MODIFIED kept', 'ADDED last', 'ADDED new-0', 'ADDED new-1', 'ADDED new-2'].sort()),
    );
    expect(await all.stop()).toBe(0);
  } finally {
    await proxy.close();
  }
});
