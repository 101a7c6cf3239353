#!/usr/bin/env node
// `node deploy/dist/bench/hollow-nodes.js [--nodes N] [--seconds S]`: N real
// kubelets on the fake runtime in this process (hollow nodes), against a fresh
// etcd and an apiserver in its own process. Prints how long registration took,
// this process's RSS and heap before and after, and how late the Leases were
// renewed as the apiserver saw them (a watch on kube-node-lease): the interval
// between successive renewTimes beyond the 10 s period (which includes up to
// 4 % jitter), and the oldest renewTime any Lease had at 1 s samples — what the
// node-lifecycle controller compares with its 40 s grace period.
import { parseArgs } from 'util';
import { NODE_LEASE_NAMESPACE, parseTime } from '@kctl/api';
import type { LeaseObject } from '@kctl/api';
import { ApiClient } from '@kctl/client';
import { startEtcd } from '@kctl/etcd';
import { FakeRuntime, KubeletHandle, startKubelet } from '@kctl/kubelet';
import { startChildProcess } from './apiserver-process';
import { log, pause, runBenchmark } from './harness';
import { machineInfo } from './machine';
import { percentile } from './stats';

const RENEW_PERIOD_MS = 10_000;
const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

function memory(): { rssMiB: number; heapUsedMiB: number } {
  const m = process.memoryUsage();
  return { rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed) };
}

runBenchmark('hollow-nodes', async (cleanup, started) => {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '100' }, seconds: { type: 'string', default: '45' } } });
  const count = Number(values.nodes);
  const seconds = Number(values.seconds);
  const etcd = await startEtcd();
  cleanup.add('etcd', () => etcd.stop());
  const apiserver = await startChildProcess('apiserver', etcd.endpoint);
  cleanup.add('apiserver', () => apiserver.stop());
  const client = new ApiClient({ server: apiserver.address });
  cleanup.add('client', () => client.close());
  const kubelets: KubeletHandle[] = [];
  cleanup.add('kubelets', async () => void (await Promise.all(kubelets.map((k) => k.stop()))));
  started();

  // Renewals as the apiserver records them: lease name → renewTimes seen.
  const renewals = new Map<string, number[]>();
  const watch = client.watch<LeaseObject>('leases', { namespace: NODE_LEASE_NAMESPACE });
  cleanup.add('watch', () => watch.stop());
  const watching = (async () => {
    for await (const event of watch) {
      const at = parseTime(event.object.spec?.renewTime);
      if (at === undefined) continue;
      const seen = renewals.get(event.object.metadata.name!) ?? [];
      if (seen.at(-1) !== at) seen.push(at);
      renewals.set(event.object.metadata.name!, seen);
    }
  })();

  global.gc?.();
  const before = memory();
  log(`starting ${count} hollow kubelets (RSS before: ${before.rssMiB} MiB)`);
  const t0 = Date.now();
  for (let i = 0; i < count; i++) {
    kubelets.push(
      await startKubelet({
        client, nodeName: `hollow-${i}`, nodeIP: `127.0.4.${(i % 250) + 1}`, runtime: new FakeRuntime({ podIPPrefix: `10.${100 + Math.floor(i / 250)}.${i % 250}.` }),
        machine: { cpus: 4, memoryBytes: 8 * 2 ** 30, ephemeralStorageBytes: 100 * 2 ** 30, machineID: '', systemUUID: '', bootID: '' },
      }),
    );
  }
  await Promise.all(kubelets.map((k) => k.ready));
  const registerSeconds = (Date.now() - t0) / 1000;
  log(`all ${count} registered in ${registerSeconds.toFixed(2)} s; running ${seconds} s`);

  let maxStalenessMs = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await pause(1000);
    const now = Date.now();
    for (const seen of renewals.values()) maxStalenessMs = Math.max(maxStalenessMs, now - seen.at(-1)!);
  }
  global.gc?.();
  const after = memory();

  const lateness: number[] = [];
  for (const seen of renewals.values()) for (let i = 1; i < seen.length; i++) lateness.push(seen[i]! - seen[i - 1]! - RENEW_PERIOD_MS);
  lateness.sort((a, b) => a - b);
  watch.stop();
  await watching.catch(() => undefined);
  const result = {
    machine: machineInfo(),
    nodes: count,
    seconds,
    registerSeconds,
    rssBeforeMiB: before.rssMiB,
    rssAfterMiB: after.rssMiB,
    rssPerKubeletKiB: Math.round(((after.rssMiB - before.rssMiB) * 1024) / count),
    heapUsedAfterMiB: after.heapUsedMiB,
    renewals: lateness.length,
    leaseLatenessMs: { p50: percentile(lateness, 0.5), p99: percentile(lateness, 0.99), max: lateness.at(-1) ?? NaN },
    maxLeaseAgeMs: maxStalenessMs,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
});
