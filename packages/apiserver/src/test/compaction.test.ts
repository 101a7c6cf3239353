import { FakeClock } from '@kctl/client';
import { startEtcd } from '@kctl/etcd';
import { Etcd3 } from 'etcd3';
import { Compactor } from '../storage/compactor';
import { COMPACT_REV_KEY } from '../storage/compaction-storage';
import { EtcdStorage } from '../storage/etcd-storage';
import { isCompacted } from '../storage/store';
import { configMap } from './manifests';
import { eventually, rejectsWith, startTestCluster } from './cluster';

const FIVE_MINUTES = 5 * 60_000;

it('compacts every interval to the revision seen one interval before, and a watch from before it answers Gone', async () => {
  const clock = new FakeClock();
  const cluster = await startTestCluster({ clock, etcdCompactionIntervalMs: FIVE_MINUTES, watchCache: { windowSize: 3 } });
  try {
    const { client, raw, server } = cluster;
    const first = await client.create('configmaps', configMap('first'));
    const firstRv = Number(first.metadata.resourceVersion);

    // Round one only notes where history starts.
    await clock.step(FIVE_MINUTES);
    const compactKey = async (): Promise<{ version: number; modRevision: number } | undefined> => {
      const kv = (await raw.kv.range({ key: Buffer.from(COMPACT_REV_KEY) })).kvs[0];
      return kv && { version: Number(kv.version), modRevision: Number(kv.mod_revision) };
    };
    await eventually(async () => expect((await compactKey())?.version).toBe(1));
    expect(server.compactor.compactedRevision).toBe(0);
    // The round's own write is the revision it saw.
    const roundOne = (await compactKey())!.modRevision;
    expect(roundOne).toBeGreaterThan(firstRv);

    for (let i = 0; i < 10; i++) await client.patch('configmaps', 'default', 'first', { data: { i: String(i) } });
    // Round two compacts to what round one saw: the last five minutes stay.
    await clock.step(FIVE_MINUTES);
    await eventually(() => expect(server.compactor.compactedRevision).toBe(roundOne));
    expect((await compactKey())?.version).toBe(2);
    await expect(raw.get('/registry/configmaps/default/first').revision(roundOne - 1).string()).rejects.toThrow();
    expect(await raw.get('/registry/configmaps/default/first').revision(roundOne).string()).not.toBeNull();

    // A client resuming from before the compaction (and before the watch cache's window) must relist.
    const stream = client.watch('configmaps', { resourceVersion: String(firstRv - 1) });
    const iterate = (async (): Promise<void> => {
      for await (const ev of stream) void ev;
    })();
    await rejectsWith(iterate, 'Gone');
    // From the compacted revision on, history is still there.
    const resumed = client.watch('configmaps', { resourceVersion: String(roundOne) });
    for await (const ev of resumed) {
      expect(Number(ev.object.metadata.resourceVersion)).toBeGreaterThan(roundOne);
      break;
    }
    resumed.stop();
  } finally {
    await cluster.stop();
  }
});

it('several apiservers share one compaction schedule through the compaction key', async () => {
  const etcd = await startEtcd();
  const stores = [new EtcdStorage({ endpoints: [etcd.endpoint] }), new EtcdStorage({ endpoints: [etcd.endpoint] })];
  const raw = new Etcd3({ hosts: etcd.endpoint });
  try {
    const compactions: number[] = [];
    const compactors = stores.map(
      (s) =>
        new Compactor(
          {
            compactionStep: (version, revision) => s.compactionStep(version, revision),
            compact: async (revision) => {
              compactions.push(revision);
              await s.compact(revision);
            },
          },
          { intervalMs: FIVE_MINUTES },
        ),
    );
    const writer = stores[0]!;
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      await writer.create(`/registry/things/round-${round}`, 'x');
      // Both run each round, in either order; only the first to arrive wins it.
      for (const c of round % 2 === 0 ? compactors : [...compactors].reverse()) await c.runOnce();
    }
    // One round per interval however many apiservers run: the key's version counts rounds,
    // and every round but the first compacted once, each further than the one before.
    const kv = (await raw.kv.range({ key: Buffer.from(COMPACT_REV_KEY) })).kvs[0];
    expect(Number(kv?.version)).toBe(rounds);
    expect(compactions).toHaveLength(rounds - 1);
    expect([...compactions].sort((a, b) => a - b)).toEqual(compactions);
    expect(new Set(compactions).size).toBe(compactions.length);
    // The history below the newest compaction is gone for every reader, as a typed error.
    const newest = compactions.at(-1)!;
    const err = await writer.range('/registry/things/', '/registry/things0', { revision: newest - 1 }).catch((e: unknown) => e);
    expect(isCompacted(err)).toBe(true);
    expect((await writer.range('/registry/things/', '/registry/things0', { revision: newest })).values.length).toBeGreaterThan(0);
  } finally {
    raw.close();
    for (const s of stores) s.close();
    await etcd.stop();
  }
});
