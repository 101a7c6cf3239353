#!/usr/bin/env node
// `npm run bench`: a fresh etcd, apiserver and forwarder, then (a) raw etcd
// creates, (b) ConfigMap creates through the apiserver and (d) through the
// forwarder at the same concurrency, and (c) a paced run through the apiserver.
// Prints a table and whether the goals hold; exits 0 either way, since it is a
// measurement.
import * as path from 'path';
import { etcdClientOptions } from '@kctl/apiserver';
import { ApiClient } from '@kctl/client';
import { startEtcd } from '@kctl/etcd';
import { Etcd3 } from 'etcd3';
import { BenchApiServer, ServerRole, startChildProcess, startInProcess } from './apiserver-process';
import { Cleanup, log, pause, runBenchmark } from './harness';
import { closedLoop, Operation, pacedLoop, Recorder } from './load';
import { machineInfo } from './machine';
import { RunProbe } from './probe';
import { HELP, BenchOptions, parseBenchArgs } from './options';
import { BenchResults, evaluateGoals, formatText, Measured } from './report';
import { apiserverCreate, etcdCreate, storedConfigMapBytes } from './targets';

interface Target {
  name: string;
  op: Operation;
  recorder: Recorder;
  probe: RunProbe;
  /** Next operation number, so every key and name is distinct. */
  next: number;
}

/**
 * Closed-loop runs of each target at the same concurrency, interleaved over
 * rounds, so a change in background load on the machine hits all of them alike.
 */
async function compare(targets: Target[], options: BenchOptions): Promise<Measured[]> {
  for (const t of targets) {
    if (options.warmup === 0) continue;
    log(`${t.name}: warm-up, ${options.warmup} operations ...`);
    await closedLoop(t.op, { count: options.warmup, concurrency: options.concurrency, first: t.next });
    t.next += options.warmup;
  }
  for (let round = 0; round < options.rounds; round++) {
    const count = Math.floor(options.count / options.rounds) + (round < options.count % options.rounds ? 1 : 0);
    for (const t of targets) {
      await pause(500);
      log(`${t.name}: round ${round + 1}/${options.rounds}, ${count} operations, ${options.concurrency} in flight ...`);
      await t.probe.resume();
      await closedLoop(t.op, { count, concurrency: options.concurrency, first: t.next, recorder: t.recorder });
      await t.probe.pause();
      t.next += count;
    }
  }
  return targets.map((t) => {
    const summary = t.recorder.summary();
    return { ...summary, ...t.probe.cost(summary.seconds, summary.ops) };
  });
}

async function run(options: BenchOptions, cleanup: Cleanup, started: () => void): Promise<BenchResults> {
  const machine = machineInfo();
  log('Starting etcd (temporary data directory) ...');
  const etcd = await startEtcd();
  cleanup.add('etcd', () => etcd.stop());

  const where = options.inProcess ? 'in this process' : 'own processes';
  log(`Starting the apiserver and the forwarder (${where}) ...`);
  const profile = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.cpuProfDir)] : [];
  const start = (role: ServerRole, execArgv: string[] = []): Promise<BenchApiServer> =>
    options.inProcess ? startInProcess(role, etcd.endpoint) : startChildProcess(role, etcd.endpoint, execArgv);
  const apiserver = await start('apiserver', profile);
  cleanup.add('apiserver', () => apiserver.stop());
  const forwarder = await start('forwarder');
  cleanup.add('forwarder', () => forwarder.stop());

  const etcdClient = new Etcd3(etcdClientOptions([etcd.endpoint]));
  cleanup.add('etcd client', () => etcdClient.close());
  const api = new ApiClient({ server: apiserver.address });
  cleanup.add('apiserver client', () => api.close());
  const forwarderApi = new ApiClient({ server: forwarder.address });
  cleanup.add('forwarder client', () => forwarderApi.close());
  started();

  const pids: Record<string, number> = options.inProcess
    ? { 'bench+servers': process.pid, etcd: etcd.pid }
    : { bench: process.pid, apiserver: apiserver.pid, forwarder: forwarder.pid, etcd: etcd.pid };
  const stored = await storedConfigMapBytes(api, etcdClient, 'bench-sample');
  const target = (name: string, op: Operation): Target => ({ name, op, recorder: new Recorder(), probe: new RunProbe(pids, etcd.endpoint), next: 0 });
  const rawTarget = target('(a) raw etcd', etcdCreate(etcdClient, stored, 0));
  const apiTarget = target('(b) apiserver', apiserverCreate(api, 0));
  const forwarderTarget = target('(d) forwarder', apiserverCreate(forwarderApi, 0));
  const [etcdResult, apiResult, forwarderResult] = (await compare([rawTarget, apiTarget, forwarderTarget], options)) as [Measured, Measured, Measured];

  let paced: BenchResults['paced'];
  if (options.pacedSeconds > 0) {
    await pause(1000);
    log(`(c) apiserver paced: ${options.pacedRate} creates/s for ${options.pacedSeconds} s ...`);
    const probe = new RunProbe(pids, etcd.endpoint);
    await probe.resume();
    const result = await pacedLoop(apiTarget.op, { rate: options.pacedRate, seconds: options.pacedSeconds, first: apiTarget.next });
    await probe.pause();
    paced = { ...result, ...probe.cost(result.seconds, result.ops) };
  }

  const ofRaw = (x: Measured): number => (etcdResult.throughput > 0 ? x.throughput / etcdResult.throughput : 0);
  const ratio = ofRaw(apiResult);
  return {
    machine,
    settings: {
      concurrency: options.concurrency,
      count: options.count,
      warmup: options.warmup,
      rounds: options.rounds,
      pacedRate: options.pacedRate,
      pacedSeconds: options.pacedSeconds,
      servers: options.inProcess ? 'in-process' : 'child-process',
      storedBytes: Buffer.byteLength(stored),
    },
    etcd: etcdResult,
    apiserver: apiResult,
    forwarder: forwarderResult,
    ratio,
    forwarderRatio: ofRaw(forwarderResult),
    paced,
    goals: evaluateGoals(ratio, paced),
  };
}

runBenchmark('apiserver-bench', async (cleanup, started) => {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  cleanup.add('report', () => {
    if (options.cpuProfDir) log(`CPU profile of the apiserver written to ${path.resolve(options.cpuProfDir)}`);
  });
  try {
    const results = await run(options, cleanup, started);
    console.log(options.json ? JSON.stringify(results, null, 2) : formatText(results));
    return 0;
  } finally {
    log('Stopping the apiserver, the forwarder and etcd, removing the temporary data ...');
  }
});
