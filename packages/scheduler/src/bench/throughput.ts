// Scheduling throughput: an apiserver (own process) on a fresh etcd, N nodes
// and M pending pods created up front, then the scheduler is started and
// timed until every pod is bound.
//   node packages/scheduler/dist/bench/throughput.js [--nodes 1000] [--pods 10000]
//        [--max-in-flight-binds 64] [--no-scheduled-events] [--percentage 0]
import { spawn } from 'child_process';
import * as fs from 'fs';
import { Session } from 'inspector';
import * as path from 'path';
import { parseArgs } from 'util';
import { ApiClient } from '@kctl/client';
import { freePort, startEtcd } from '@kctl/etcd';
import { start } from '../index';
import { makeNode, makePod } from '../test/fixtures';

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '1000' },
      pods: { type: 'string', default: '10000' },
      'max-in-flight-binds': { type: 'string', default: '64' },
      percentage: { type: 'string', default: '0' },
      'no-scheduled-events': { type: 'boolean', default: false },
      /** Write a CPU profile of the scheduling phase to this file. */
      profile: { type: 'string' },
    },
  });
  const nodes = Number(values.nodes);
  const pods = Number(values.pods);
  const etcd = await startEtcd();
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const apiserverMain = path.join(path.dirname(require.resolve('@kctl/apiserver')), 'main.js');
  const apiserver = spawn(process.execPath, [apiserverMain, '--etcd-servers', etcd.endpoint, '--listen', address], { stdio: ['ignore', 'ignore', 'inherit'] });
  const client = new ApiClient({ server: address, timeoutMs: 60_000 });
  const cleanup = (): void => {
    apiserver.kill('SIGTERM');
    void etcd.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', cleanup);
  process.once('SIGTERM', cleanup);
  try {
    for (let i = 0; ; i++) {
      try {
        await client.list('namespaces', { limit: 1 });
        break;
      } catch (err) {
        if (i > 100) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    let t = Date.now();
    await pool(
      Array.from({ length: nodes }, (_, i) => i),
      32,
      (i) => client.create('nodes', { ...makeNode(`node-${String(i).padStart(4, '0')}`, { cpu: '32', memory: '64Gi', pods: '110' }), metadata: { name: `node-${String(i).padStart(4, '0')}` } }),
    );
    console.log(`created ${nodes} nodes in ${Date.now() - t} ms`);
    t = Date.now();
    await pool(
      Array.from({ length: pods }, (_, i) => i),
      64,
      (i) => {
        const pod = makePod(`pod-${i}`, { cpu: '100m', memory: '128Mi', owner: `00000000-0000-4000-8000-${String(i % 100).padStart(12, '0')}` });
        return client.create('pods', { ...pod, metadata: { ...pod.metadata, uid: undefined }, status: undefined });
      },
    );
    console.log(`created ${pods} pods in ${Date.now() - t} ms`);

    const session = new Session();
    const post = (method: string, params?: object): Promise<unknown> =>
      new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
    if (values.profile) {
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.start');
    }
    t = Date.now();
    const handle = await start({
      server: address,
      leaderElection: false,
      maxInFlightBinds: Number(values['max-in-flight-binds']),
      percentageOfNodesToScore: Number(values.percentage),
      recordScheduledEvents: !values['no-scheduled-events'],
    });
    const synced = Date.now();
    console.log(`scheduler synced in ${synced - t} ms`);
    let last = 0;
    const cpu0 = process.cpuUsage();
    const apiCpu0 = cpuSeconds(apiserver.pid);
    const etcdCpu0 = cpuSeconds(etcd.pid);
    while (handle.scheduler.stats.bound < pods) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const bound = handle.scheduler.stats.bound;
      console.log(`  bound ${bound} (+${bound - last}/s), queue ${JSON.stringify(handle.scheduler.queue.counts)}`);
      last = bound;
      if (Date.now() - synced > 300_000) throw new Error('gave up after 5 minutes');
    }
    const elapsed = (Date.now() - synced) / 1000;
    if (values.profile) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(values.profile, JSON.stringify(profile));
      session.disconnect();
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(`bound ${pods} pods on ${nodes} nodes in ${elapsed.toFixed(2)} s: ${(pods / elapsed).toFixed(0)} pods/s`);
    console.log(
      `cpu seconds while scheduling: scheduler ${((cpu.user + cpu.system) / 1e6).toFixed(1)}, apiserver ${(cpuSeconds(apiserver.pid) - apiCpu0).toFixed(1)}, etcd ${(cpuSeconds(etcd.pid) - etcdCpu0).toFixed(1)}`,
    );
    console.log(`stats ${JSON.stringify(handle.scheduler.stats)}`);
    await handle.stop();
    const list = await client.listAll<ReturnType<typeof makePod>>('pods', { namespace: 'default', limit: 500 });
    const perNode = new Map<string, number>();
    for (const p of list.items) perNode.set(p.spec?.nodeName ?? '', (perNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
    const counts = [...perNode.entries()].filter(([n]) => n).map(([, c]) => c);
    console.log(`verified: ${list.items.filter((p) => p.spec?.nodeName).length}/${pods} bound, on ${counts.length} nodes, ${Math.min(...counts)}..${Math.max(...counts)} per node`);
  } finally {
    client.close();
    apiserver.kill('SIGTERM');
    await new Promise((resolve) => apiserver.once('exit', resolve));
    await etcd.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
