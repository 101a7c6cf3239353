#!/usr/bin/env node
// `npm run bench:scheduling`: how fast the scheduler binds pods, and how fast a
// Deployment goes from 0 to N Ready pods, beside raw etcd write throughput
// measured in the same run. One run:
//   1. a fresh etcd and an apiserver (own process); raw etcd creates (the
//      apiserver benchmark's baseline);
//   2. N Nodes and M pending Pods, then the scheduler starts (own process by
//      default): time from its caches' sync to the last bind;
//   3. those pods deleted; the controller-manager (own process) and simulated
//      nodes (this process; they only report bound pods Running and Ready, the
//      real scheduler binds) start; a Deployment with 0 replicas is scaled to R
//      through the scale subresource: time until status.readyReplicas == R and
//      every pod is bound and Ready;
//   4. raw etcd creates again, and a table with the goals.
// Exits 0 whether or not the goals hold, since it is a measurement.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KObject } from '@kctl/api';
import { etcdClientOptions } from '@kctl/apiserver';
import { ApiClient, Informer, WatchStream } from '@kctl/client';
import { testing } from '@kctl/controller-manager';
import { startEtcd } from '@kctl/etcd';
import type { SchedulerStats } from '@kctl/scheduler';
import { Etcd3, Watcher } from 'etcd3';
import type { SchedulerReport } from './component-child';
import { ForkedComponent, forkComponent } from './component-process';
import { Cleanup, log, pause, runBenchmark } from './harness';
import { closedLoop, Operation, Recorder } from './load';
import { machineInfo } from './machine';
import { RunProbe } from './probe';
import { PhaseProfiler } from './profiler';
import { Measured } from './report';
import { DEPLOYMENT_LABELS, deployment, DeploymentObject, isBound, isReady, node, nodeName, pendingPod, PodObject } from './scheduling-objects';
import { parseSchedulingArgs, SCHEDULING_HELP, SchedulingOptions } from './scheduling-options';
import { DeploymentResult, evaluateSchedulingGoals, formatSchedulingText, RawCreateUpdate, rateWindows, SchedulingResults, ThroughputResult } from './scheduling-report';
import { percentile } from './stats';
import { etcdCreate, etcdModRevisions, etcdUpdate, storedConfigMapBytes } from './targets';

const THROUGHPUT_NAMESPACE = 'sched-bench';
const SCALE_NAMESPACE = 'scale-bench';
const DEPLOYMENT_NAME = 'scale-bench';

const now = (): bigint => process.hrtime.bigint();
const secondsSince = (start: bigint, end: bigint = now()): number => Number(end - start) / 1e9;
const loadAverage = (): number => Math.round(os.loadavg()[0]! * 100) / 100;

/** The processes whose CPU a phase reports: the base ones plus the scheduler's (which may be this process). */
function withScheduler(pids: Record<string, number>, scheduler: SchedulerRunner, more: Record<string, number> = {}): Record<string, number> {
  const out: Record<string, number> = { ...pids, ...more };
  if (scheduler.pid === process.pid) delete out['bench'];
  out[scheduler.processName] = scheduler.pid;
  return out;
}

/** The scheduler, in its own process or in this one, as the benchmark sees it. */
interface SchedulerRunner {
  /** Name of the process it runs in, for the CPU table. */
  readonly processName: string;
  readonly pid: number;
  latest(): SchedulerReport | undefined;
  onReport(listener: (report: SchedulerReport) => void): () => void;
  startProfile(): Promise<void>;
  stopProfile(file: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

function childScheduler(child: ForkedComponent): SchedulerRunner {
  return {
    processName: 'scheduler',
    pid: child.pid,
    latest: () => child.latest,
    onReport: (listener) => child.onReport(listener),
    startProfile: () => child.startProfile(),
    stopProfile: (file) => child.stopProfile(file),
    stop: () => child.stop(),
  };
}

async function inProcessScheduler(server: string, options: SchedulingOptions): Promise<SchedulerRunner> {
  const { start } = await import('@kctl/scheduler');
  const handle = await start({
    server,
    leaderElection: false,
    maxInFlightBinds: options.maxInFlightBinds,
    percentageOfNodesToScore: options.percentageOfNodesToScore,
    recordScheduledEvents: options.scheduledEvents,
    requestTimeoutMs: 60_000,
  });
  const { scheduler } = handle;
  const report = (): SchedulerReport => ({ stats: { ...scheduler.stats }, queue: { ...scheduler.queue.counts }, cachedPods: scheduler.cache.podCount });
  return {
    processName: 'bench+scheduler',
    pid: process.pid,
    latest: report,
    onReport: (listener) => {
      const timer = setInterval(() => listener(report()), 20);
      return () => clearInterval(timer);
    },
    // The benchmark process's own profile covers it.
    startProfile: () => Promise.resolve(),
    stopProfile: () => Promise.resolve(undefined),
    stop: () => handle.stop(),
  };
}

/** Resolves with the time a scheduler report first satisfies done; rejects after timeoutMs. */
function waitForReport(runner: SchedulerRunner, done: (r: SchedulerReport) => boolean, timeoutMs: number, what: string): Promise<bigint> {
  return new Promise((resolve, reject) => {
    const latest = runner.latest();
    if (latest && done(latest)) return resolve(now());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; scheduler: ${JSON.stringify(runner.latest())}`));
    }, timeoutMs);
    const off = runner.onReport((report) => {
      if (!done(report)) return;
      clearTimeout(timer);
      off();
      resolve(now());
    });
  });
}

/** Polls check every intervalMs until it returns true; returns the time it did. */
async function pollUntil(check: () => Promise<boolean>, intervalMs: number, timeoutMs: number, what: string): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return now();
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await pause(intervalMs);
  }
}

/** Runs count operations at the given concurrency; throws on the first failure (setup must be complete). */
async function setupLoop(what: string, op: Operation, count: number, concurrency: number): Promise<number> {
  const result = await closedLoop(op, { count, concurrency });
  if (result.errors > 0) throw new Error(`${what}: ${result.errors} of ${count} failed; first: ${result.firstError}`);
  return result.seconds;
}

async function ensureNamespace(api: ApiClient, name: string): Promise<void> {
  await api.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** Raw etcd creates: the apiserver benchmark's baseline, with the bytes of a real stored ConfigMap. */
async function rawEtcd(etcd: Etcd3, stored: string, options: SchedulingOptions, first: number, probe: RunProbe, warmup: number): Promise<Measured> {
  const op = etcdCreate(etcd, stored, first);
  if (warmup > 0) await closedLoop(op, { count: warmup, concurrency: options.rawConcurrency });
  const recorder = new Recorder();
  await probe.resume();
  await closedLoop(op, { count: options.rawCount, concurrency: options.rawConcurrency, first: warmup, recorder });
  await probe.pause();
  const summary = recorder.summary();
  return { ...summary, ...probe.cost(summary.seconds, summary.ops) };
}

/**
 * What a Deployment of `count` pods minimally costs etcd, straight from a client:
 * `count` creates, then one update of each (the bind), at the raw concurrency.
 */
async function rawCreateUpdate(etcd: Etcd3, stored: string, count: number, concurrency: number, first: number): Promise<RawCreateUpdate> {
  const create = await closedLoop(etcdCreate(etcd, stored, first), { count, concurrency });
  const revisions = await etcdModRevisions(etcd, first, count);
  const update = await closedLoop(etcdUpdate(etcd, stored, first, revisions), { count, concurrency });
  const errors = create.errors + update.errors;
  if (errors > 0) throw new Error(`raw etcd creates + updates: ${errors} failed; first: ${create.firstError ?? update.firstError}`);
  return { count, createSeconds: create.seconds, updateSeconds: update.seconds, seconds: create.seconds + update.seconds };
}

/** Profiles of one phase in every process that has a part in it. */
class PhaseProfiles {
  private readonly self = new PhaseProfiler();
  readonly written: string[] = [];

  constructor(private readonly dir: string | undefined) {}

  async start(children: { startProfile(): Promise<void> }[]): Promise<void> {
    if (!this.dir) return;
    await Promise.all([this.self.start(), ...children.map((c) => c.startProfile())]);
  }

  async stop(phase: string, children: { name: string; stopProfile(file: string): Promise<string | undefined> }[]): Promise<void> {
    if (!this.dir) return;
    const file = (name: string): string => path.join(this.dir!, `${phase}-${name}.cpuprofile`);
    const files = await Promise.all([this.self.stop(file('bench')), ...children.map((c) => c.stopProfile(file(c.name)))]);
    for (const f of files) if (f) this.written.push(f);
  }
}

/** What the phases of a run share. */
interface RunContext {
  options: SchedulingOptions;
  api: ApiClient;
  etcdClient: Etcd3;
  etcdEndpoint: string;
  apiserver: ForkedComponent;
  /** Processes whose CPU every phase reports (the scheduler and controller-manager are added per phase). */
  pids: Record<string, number>;
  profiles: PhaseProfiles;
  loads: SchedulingResults['loadAverage'];
  cleanup: Cleanup;
}

async function throughputRun(ctx: RunContext, startScheduler: () => Promise<SchedulerRunner>): Promise<{ result: ThroughputResult; scheduler: SchedulerRunner }> {
  const { options, api, apiserver, pids, etcdEndpoint, profiles, loads, cleanup } = ctx;
  const ns = THROUGHPUT_NAMESPACE;
  log(`Creating ${options.nodes} Nodes ...`);
  const createNodesSeconds = await setupLoop('creating nodes', (i) => api.create('nodes', node(nodeName(i))), options.nodes, options.createConcurrency);
  await ensureNamespace(api, ns);
  log(`Creating ${options.pods} pending Pods in ${ns} ...`);
  const createPodsSeconds = await setupLoop('creating pods', (i) => api.create('pods', pendingPod(ns, i)), options.pods, options.createConcurrency);

  await pause(1000);
  loads.push({ at: 'throughput start', oneMinute: loadAverage() });
  await profiles.start([apiserver]);
  log(`Starting the scheduler (${options.schedulerInProcess ? 'in this process' : 'own process'}) ...`);
  const startedAt = now();
  const scheduler = await startScheduler();
  cleanup.add('scheduler', () => scheduler.stop());
  const syncedAt = now();
  await scheduler.startProfile();
  const probe = new RunProbe(withScheduler(pids, scheduler), etcdEndpoint);
  await probe.resume();
  const samples: { seconds: number; bound: number }[] = [{ seconds: 0, bound: 0 }];
  const sampler = setInterval(() => {
    const bound = scheduler.latest()?.stats.bound ?? 0;
    const seconds = secondsSince(syncedAt);
    samples.push({ seconds, bound });
    if (samples.length % 5 === 1) log(`  ${seconds.toFixed(0)} s: ${bound} bound, queue ${JSON.stringify(scheduler.latest()?.queue ?? {})}`);
  }, 1000);
  let doneAt: bigint;
  try {
    doneAt = await waitForReport(scheduler, (r) => r.stats.bound >= options.pods, options.timeoutSeconds * 1000, `${options.pods} pods bound`);
  } finally {
    clearInterval(sampler);
  }
  await probe.pause();
  const seconds = secondsSince(syncedAt, doneAt);
  samples.push({ seconds, bound: options.pods });
  loads.push({ at: 'throughput end', oneMinute: loadAverage() });
  await profiles.stop('throughput', [
    { name: 'apiserver', stopProfile: (f) => apiserver.stopProfile(f) },
    { name: 'scheduler', stopProfile: (f) => scheduler.stopProfile(f) },
  ]);
  const stats: SchedulerStats = scheduler.latest()!.stats;
  log(`All ${options.pods} pods bound in ${seconds.toFixed(2)} s (${(options.pods / seconds).toFixed(0)} pods/s). Reading them back ...`);

  const pods = await api.listAll<PodObject>('pods', { namespace: ns, limit: 500 });
  const perNode = new Map<string, number>();
  for (const p of pods.items) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const counts = [...perNode.values()];
  const bound = counts.reduce((a, b) => a + b, 0);

  return {
    scheduler,
    result: {
      nodes: options.nodes,
      pods: options.pods,
      createNodesSeconds,
      createPodsSeconds,
      syncSeconds: secondsSince(startedAt, syncedAt),
      seconds,
      podsPerSecond: options.pods / seconds,
      windows: rateWindows(samples, 5),
      stats,
      verified: { bound, nodesUsed: counts.length, minPerNode: counts.length ? Math.min(...counts) : 0, maxPerNode: counts.length ? Math.max(...counts) : 0 },
      ...probe.cost(seconds, options.pods),
    },
  };
}

const CANARY = 'watch-canary';
const CANARY_SEQ = 'kctl.io/canary-seq';

interface CanaryWrite {
  sent: bigint;
  answered?: bigint;
  /** When the apiserver watch delivered it. */
  seen?: bigint;
  /** When a watch straight on etcd delivered it. */
  etcdSeen?: bigint;
  /** When an apiserver watch of the canary alone (field selector on its name) delivered it. */
  aloneSeen?: bigint;
}

/**
 * Watches the pods of a namespace and notes when each was first seen created,
 * bound and Ready. It also measures how far the watch lags behind writes: a
 * canary pod (bound to a node, so nothing else acts on it) gets an annotation
 * written every 50 ms, and the watcher notes when each write shows up.
 */
class PodTimeline {
  readonly created = new Map<string, bigint>();
  readonly bound = new Map<string, bigint>();
  readonly ready = new Map<string, bigint>();
  private readonly informer: Informer<PodObject>;
  private readonly canary = new Map<number, CanaryWrite>();
  private etcdWatcher?: Watcher;
  private aloneWatch?: WatchStream<PodObject>;
  private aloneLoop?: Promise<void>;
  private canaryLoop?: Promise<void>;
  private canaryRunning = false;

  constructor(
    private readonly api: ApiClient,
    private readonly etcd: Etcd3,
    private readonly namespace: string,
    private readonly canaryNode: string,
  ) {
    this.informer = new Informer<PodObject>(api, 'pods', { namespace });
    const see = (pod: PodObject): void => {
      const key = pod.metadata.name ?? '';
      const t = now();
      if (key === CANARY) {
        const entry = this.canary.get(Number(pod.metadata.annotations?.[CANARY_SEQ]));
        if (entry && entry.seen === undefined) entry.seen = t;
        return;
      }
      if (!this.created.has(key)) this.created.set(key, t);
      if (isBound(pod) && !this.bound.has(key)) this.bound.set(key, t);
      if (isReady(pod) && !this.ready.has(key)) this.ready.set(key, t);
    };
    this.informer.addEventHandler({ onAdd: see, onUpdate: (_old, pod) => see(pod) });
  }

  async start(): Promise<void> {
    const canary = pendingPod(this.namespace, 0);
    canary.metadata = { name: CANARY, namespace: this.namespace, labels: { app: CANARY }, annotations: { [CANARY_SEQ]: '0' } };
    canary.spec = { ...canary.spec!, nodeName: this.canaryNode };
    const created = await this.api.create('pods', canary);
    // The canary alone through the apiserver: its delay without the rollout's pod events ahead of it in the stream.
    this.aloneWatch = this.api.watch<PodObject>('pods', { namespace: this.namespace, fieldSelector: `metadata.name=${CANARY}`, resourceVersion: created.metadata.resourceVersion });
    const alone = this.aloneWatch;
    this.aloneLoop = (async () => {
      for await (const ev of alone) {
        const entry = this.canary.get(Number(ev.object.metadata.annotations?.[CANARY_SEQ]));
        if (entry && entry.aloneSeen === undefined) entry.aloneSeen = now();
      }
    })().catch(() => undefined);
    // The same writes seen straight from etcd, to tell etcd's part of the lag from the apiserver's.
    this.etcdWatcher = await this.etcd
      .watch()
      .key(`/registry/pods/${this.namespace}/${CANARY}`)
      .create();
    this.etcdWatcher.on('put', (kv) => {
      const t = now();
      const pod = JSON.parse(kv.value.toString()) as PodObject;
      const entry = this.canary.get(Number(pod.metadata.annotations?.[CANARY_SEQ]));
      if (entry && entry.etcdSeen === undefined) entry.etcdSeen = t;
    });
    this.informer.start();
    await this.informer.waitForSync();
  }

  /** Writes the canary every intervalMs until stopCanary(). */
  startCanary(intervalMs = 50): void {
    this.canaryRunning = true;
    this.canaryLoop = (async () => {
      for (let seq = 1; this.canaryRunning; seq++) {
        const entry: CanaryWrite = { sent: now() };
        this.canary.set(seq, entry);
        try {
          await this.api.patch('pods', this.namespace, CANARY, { metadata: { annotations: { [CANARY_SEQ]: String(seq) } } });
          entry.answered = now();
        } catch {
          this.canary.delete(seq);
        }
        await pause(intervalMs);
      }
    })();
  }

  async stopCanary(): Promise<DeploymentResult['watchLag']> {
    this.canaryRunning = false;
    await this.canaryLoop;
    await pause(2000); // let the last writes arrive
    const ms = (a: bigint, b: bigint): number => Number(b - a) / 1e6;
    const entries = [...this.canary.values()].filter((e) => e.answered !== undefined);
    const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
    const write = sorted(entries.map((e) => ms(e.sent, e.answered!)));
    const seen = entries.filter((e) => e.seen !== undefined);
    const lag = sorted(seen.map((e) => ms(e.answered!, e.seen!)));
    const etcdSeen = entries.filter((e) => e.etcdSeen !== undefined);
    const etcdLag = sorted(etcdSeen.map((e) => ms(e.answered!, e.etcdSeen!)));
    const aloneLag = sorted(entries.filter((e) => e.aloneSeen !== undefined).map((e) => ms(e.answered!, e.aloneSeen!)));
    return {
      writes: entries.length,
      seen: seen.length,
      etcdLagP50Ms: percentile(etcdLag, 0.5),
      etcdLagP99Ms: percentile(etcdLag, 0.99),
      writeP50Ms: percentile(write, 0.5),
      writeP99Ms: percentile(write, 0.99),
      lagP50Ms: percentile(lag, 0.5),
      lagP99Ms: percentile(lag, 0.99),
      lagMaxMs: lag.length ? lag[lag.length - 1]! : NaN,
      aloneLagP50Ms: percentile(aloneLag, 0.5),
      aloneLagP99Ms: percentile(aloneLag, 0.99),
    };
  }

  async stop(): Promise<void> {
    this.canaryRunning = false;
    await this.etcdWatcher?.cancel();
    this.aloneWatch?.stop();
    await this.aloneLoop;
    await this.informer.stop();
  }
}

/** Cumulative counts of the timeline every step seconds from start until all are Ready. */
function progressOf(timeline: PodTimeline, start: bigint, end: bigint, stepSeconds: number): DeploymentResult['progress'] {
  const offsets = (times: Map<string, bigint>): number[] => [...times.values()].map((t) => secondsSince(start, t)).sort((a, b) => a - b);
  const [created, bound, ready] = [offsets(timeline.created), offsets(timeline.bound), offsets(timeline.ready)] as [number[], number[], number[]];
  const upTo = (sorted: number[], s: number): number => {
    let n = 0;
    while (n < sorted.length && sorted[n]! <= s) n++;
    return n;
  };
  const out: DeploymentResult['progress'] = [];
  const total = secondsSince(start, end);
  for (let s = stepSeconds; s < total + stepSeconds; s += stepSeconds) {
    const at = Math.min(s, total);
    out.push({ seconds: Math.round(at * 100) / 100, created: upTo(created, at), bound: upTo(bound, at), ready: upTo(ready, at) });
  }
  return out;
}

const lastAfter = (times: Map<string, bigint>, start: bigint): number => (times.size ? secondsSince(start, [...times.values()].reduce((a, b) => (b > a ? b : a))) : NaN);

async function deploymentRun(ctx: RunContext, scheduler: SchedulerRunner): Promise<DeploymentResult> {
  const { options, api, apiserver, pids, etcdEndpoint, profiles, loads, cleanup } = ctx;
  let deleteSeconds = 0;
  if (options.pods > 0) {
    log(`Deleting the ${options.pods} pods of ${THROUGHPUT_NAMESPACE} ...`);
    const started = now();
    await setupLoop(
      'deleting pods',
      (i) => api.delete('pods', THROUGHPUT_NAMESPACE, pendingPod(THROUGHPUT_NAMESPACE, i).metadata.name ?? '', { gracePeriodSeconds: 0 }),
      options.pods,
      options.createConcurrency,
    );
    await waitForReport(scheduler, (r) => r.cachedPods === 0, options.timeoutSeconds * 1000, 'the scheduler to forget the deleted pods');
    deleteSeconds = secondsSince(started);
  }
  const nodes = Array.from({ length: options.nodes }, (_, i) => nodeName(i));
  if (options.pods === 0) {
    log(`Creating ${options.nodes} Nodes ...`);
    await setupLoop('creating nodes', (i) => api.create('nodes', node(nodeName(i))), options.nodes, options.createConcurrency);
  }
  await ensureNamespace(api, SCALE_NAMESPACE);

  log('Starting the controller-manager (own process) ...');
  const cmStarted = now();
  // Without node lifecycle and taint eviction: the simulated nodes renew no Leases (a thousand
  // renewals every 10 s would weigh on what is measured), so those would taint every node.
  const cm = await forkComponent({ role: 'controller-manager', server: apiserver.address!, workers: options.controllerWorkers, controllers: ['*', '-nodelifecycle', '-tainteviction'] });
  cleanup.add('controller-manager', () => cm.stop());
  const controllerManagerSyncSeconds = secondsSince(cmStarted);

  log(`Starting ${options.nodes} simulated nodes (status only; the scheduler binds) and the pod watcher ...`);
  const simulated = await testing.startSimulatedNodes({ client: api, nodes, namespace: SCALE_NAMESPACE, bind: false, workers: options.kubeletWorkers });
  cleanup.add('simulated nodes', () => simulated.stop());
  const timeline = options.podWatcher ? new PodTimeline(api, ctx.etcdClient, SCALE_NAMESPACE, nodes[0]!) : undefined;
  if (timeline) {
    await timeline.start();
    cleanup.add('pod watcher', () => timeline.stop());
  }

  log(`Creating Deployment ${SCALE_NAMESPACE}/${DEPLOYMENT_NAME} with 0 replicas ...`);
  await api.create('deployments', deployment(SCALE_NAMESPACE, DEPLOYMENT_NAME, 0));
  await pollUntil(
    async () => {
      const d = await api.get<DeploymentObject>('deployments', SCALE_NAMESPACE, DEPLOYMENT_NAME);
      const rs = await api.list<KObject>('replicasets', { namespace: SCALE_NAMESPACE });
      return (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) && rs.items.length > 0;
    },
    100,
    60_000,
    'the Deployment controller to create the ReplicaSet',
  );
  await pause(1000);

  const bindsBefore = scheduler.latest()?.stats ?? { bound: 0, bindConflicts: 0, bindErrors: 0, unschedulable: 0 };
  loads.push({ at: 'deployment start', oneMinute: loadAverage() });
  await profiles.start([apiserver, scheduler, cm]);
  const probe = new RunProbe(withScheduler(pids, scheduler, { 'controller-manager': cm.pid }), etcdEndpoint);
  await probe.resume();
  log(`Scaling to ${options.replicas} through deployments/scale ...`);
  timeline?.startCanary();
  const start = now();
  await api.updateScale('deployments', SCALE_NAMESPACE, DEPLOYMENT_NAME, options.replicas);
  let readyReplicasAt: bigint | undefined;
  let lastLog = Date.now();
  const doneAt = await pollUntil(
    async () => {
      if (!readyReplicasAt) {
        const d = await api.get<DeploymentObject>('deployments', SCALE_NAMESPACE, DEPLOYMENT_NAME);
        if ((d.status?.readyReplicas ?? 0) >= options.replicas) readyReplicasAt = now();
        if (Date.now() - lastLog > 450) {
          lastLog = Date.now();
          const seen = timeline ? `pods created ${timeline.created.size}, bound ${timeline.bound.size}, Ready ${timeline.ready.size}; ` : '';
          log(`  ${secondsSince(start).toFixed(1)} s: ${seen}replicas ${d.status?.replicas ?? 0}, readyReplicas ${d.status?.readyReplicas ?? 0}; scheduler bound ${(scheduler.latest()?.stats.bound ?? 0) - bindsBefore.bound}, queue ${JSON.stringify(scheduler.latest()?.queue ?? {})}`);
        }
      }
      return readyReplicasAt !== undefined && (!timeline || (timeline.ready.size >= options.replicas && timeline.bound.size >= options.replicas));
    },
    50,
    options.timeoutSeconds * 1000,
    `readyReplicas == ${options.replicas}`,
  );
  await probe.pause();
  const seconds = secondsSince(start, doneAt);
  loads.push({ at: 'deployment end', oneMinute: loadAverage() });
  const watchLag = await timeline?.stopCanary();
  await profiles.stop('deployment', [
    { name: 'apiserver', stopProfile: (f) => apiserver.stopProfile(f) },
    { name: 'scheduler', stopProfile: (f) => scheduler.stopProfile(f) },
    { name: 'controller-manager', stopProfile: (f) => cm.stopProfile(f) },
  ]);
  log(`Deployment at ${options.replicas} Ready after ${seconds.toFixed(2)} s. Reading the pods back ...`);

  const selector = Object.entries(DEPLOYMENT_LABELS).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = (await api.listAll<PodObject>('pods', { namespace: SCALE_NAMESPACE, labelSelector: selector, limit: 500 })).items.filter((p) => !p.metadata.deletionTimestamp);
  const startup: number[] = [];
  for (const [name, created] of timeline?.created ?? []) {
    const ready = timeline?.ready.get(name);
    if (ready !== undefined) startup.push(Number(ready - created) / 1e6);
  }
  startup.sort((a, b) => a - b);
  const after = scheduler.latest()?.stats ?? bindsBefore;
  return {
    replicas: options.replicas,
    deleteSeconds,
    controllerManagerSyncSeconds,
    seconds,
    podsPerSecond: options.replicas / seconds,
    readyReplicasSeconds: readyReplicasAt ? secondsSince(start, readyReplicasAt) : NaN,
    lastCreatedSeconds: timeline ? lastAfter(timeline.created, start) : NaN,
    lastBoundSeconds: timeline ? lastAfter(timeline.bound, start) : NaN,
    lastReadySeconds: timeline ? lastAfter(timeline.ready, start) : NaN,
    progress: timeline ? progressOf(timeline, start, doneAt, 0.5) : [],
    watchLag,
    startupP50Ms: percentile(startup, 0.5),
    startupP99Ms: percentile(startup, 0.99),
    scheduler: {
      bound: after.bound - bindsBefore.bound,
      bindConflicts: after.bindConflicts - bindsBefore.bindConflicts,
      bindErrors: after.bindErrors - bindsBefore.bindErrors,
      unschedulable: after.unschedulable - bindsBefore.unschedulable,
    },
    verified: { pods: pods.length, bound: pods.filter(isBound).length, ready: pods.filter((p) => isBound(p) && isReady(p)).length },
    ...probe.cost(seconds, options.replicas),
  };
}

async function run(options: SchedulingOptions, cleanup: Cleanup, started: () => void): Promise<SchedulingResults> {
  const machine = machineInfo();
  const loads: SchedulingResults['loadAverage'] = [{ at: 'start', oneMinute: machine.loadAverage1m }];
  const profileDir = options.cpuProfDir ? path.resolve(options.cpuProfDir) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const profiles = new PhaseProfiles(profileDir);

  log('Starting etcd (temporary data directory) ...');
  const etcd = await startEtcd();
  cleanup.add('etcd', () => etcd.stop());
  log('Starting the apiserver (own process) ...');
  const apiserver = await forkComponent({ role: 'apiserver', etcdEndpoint: etcd.endpoint });
  cleanup.add('apiserver', () => apiserver.stop());
  const etcdClient = new Etcd3(etcdClientOptions([etcd.endpoint]));
  cleanup.add('etcd client', () => etcdClient.close());
  const api = new ApiClient({ server: apiserver.address!, timeoutMs: 60_000 });
  cleanup.add('apiserver client', () => api.close());
  started();

  const pids: Record<string, number> = { bench: process.pid, apiserver: apiserver.pid, etcd: etcd.pid };
  let before: Measured | undefined;
  let stored = '';
  if (options.rawCount > 0) {
    stored = await storedConfigMapBytes(api, etcdClient, 'bench-sample');
    log(`Raw etcd: ${options.rawWarmup} warm-up + ${options.rawCount} creates, ${options.rawConcurrency} in flight ...`);
    before = await rawEtcd(etcdClient, stored, options, 0, new RunProbe(pids, etcd.endpoint), options.rawWarmup);
    log(`  ${before.throughput.toFixed(0)} creates/s`);
  }
  // Keys for the create+update runs, after every raw create's.
  const pairBase = (options.rawWarmup + options.rawCount) * 2;
  let pairBefore: RawCreateUpdate | undefined;
  if (options.rawCount > 0 && options.replicas > 0) {
    log(`Raw etcd: ${options.replicas} creates + ${options.replicas} updates, ${options.rawConcurrency} in flight ...`);
    pairBefore = await rawCreateUpdate(etcdClient, stored, options.replicas, options.rawConcurrency, pairBase);
    log(`  ${pairBefore.seconds.toFixed(2)} s`);
  }

  const startScheduler = (): Promise<SchedulerRunner> =>
    options.schedulerInProcess
      ? inProcessScheduler(apiserver.address!, options)
      : forkComponent({
          role: 'scheduler',
          server: apiserver.address!,
          maxInFlightBinds: options.maxInFlightBinds,
          percentageOfNodesToScore: options.percentageOfNodesToScore,
          recordScheduledEvents: options.scheduledEvents,
        }).then(childScheduler);

  const ctx: RunContext = { options, api, etcdClient, etcdEndpoint: etcd.endpoint, apiserver, pids, profiles, loads, cleanup };
  let throughput: ThroughputResult | undefined;
  let scheduler: SchedulerRunner | undefined;
  if (options.pods > 0) {
    ({ result: throughput, scheduler } = await throughputRun(ctx, startScheduler));
  }
  let deploymentResult: DeploymentResult | undefined;
  if (options.replicas > 0) {
    if (!scheduler) {
      scheduler = await startScheduler();
      const s = scheduler;
      cleanup.add('scheduler', () => s.stop());
    }
    deploymentResult = await deploymentRun(ctx, scheduler);
  }

  let after: Measured | undefined;
  if (options.rawCount > 0) {
    log(`Raw etcd again: ${options.rawCount} creates, ${options.rawConcurrency} in flight ...`);
    after = await rawEtcd(etcdClient, stored, options, options.rawWarmup + options.rawCount, new RunProbe(pids, etcd.endpoint), 0);
    log(`  ${after.throughput.toFixed(0)} creates/s`);
  }
  let pairAfter: RawCreateUpdate | undefined;
  if (options.rawCount > 0 && options.replicas > 0) {
    log(`Raw etcd again: ${options.replicas} creates + ${options.replicas} updates ...`);
    pairAfter = await rawCreateUpdate(etcdClient, stored, options.replicas, options.rawConcurrency, pairBase + options.replicas);
    log(`  ${pairAfter.seconds.toFixed(2)} s`);
  }
  const pairs = [pairBefore, pairAfter].filter((x): x is RawCreateUpdate => x !== undefined);
  const pairSeconds = pairs.length ? pairs.reduce((a, b) => a + b.seconds, 0) / pairs.length : NaN;
  loads.push({ at: 'end', oneMinute: loadAverage() });
  const rates = [before, after].filter((x): x is Measured => x !== undefined).map((x) => x.throughput);
  const meanOpsPerSecond = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : NaN;
  const bindToEtcdRatio = throughput && Number.isFinite(meanOpsPerSecond) ? throughput.podsPerSecond / meanOpsPerSecond : undefined;
  const scaleToEtcdRatio = deploymentResult && Number.isFinite(pairSeconds) ? deploymentResult.seconds / pairSeconds : undefined;
  return {
    machine,
    settings: {
      nodes: options.nodes,
      pods: options.pods,
      replicas: options.replicas,
      rawCount: options.rawCount,
      rawConcurrency: options.rawConcurrency,
      scheduler: options.schedulerInProcess ? 'in-process' : 'child-process',
      maxInFlightBinds: options.maxInFlightBinds ?? 'default',
      percentageOfNodesToScore: options.percentageOfNodesToScore ?? 'adaptive',
      scheduledEvents: options.scheduledEvents,
      kubeletWorkers: options.kubeletWorkers,
      controllerWorkers: options.controllerWorkers,
      podWatcher: options.podWatcher,
    },
    loadAverage: loads,
    rawEtcd: { before, after, meanOpsPerSecond },
    rawCreateUpdate: pairs.length ? { before: pairBefore, after: pairAfter, meanSeconds: pairSeconds } : undefined,
    throughput,
    deployment: deploymentResult,
    bindToEtcdRatio,
    scaleToEtcdRatio,
    goals: evaluateSchedulingGoals({ throughput, deployment: deploymentResult, bindToEtcdRatio, scaleToEtcdRatio }),
    cpuProfiles: profiles.written.length ? profiles.written : undefined,
  };
}

if (require.main === module) {
  runBenchmark('scheduling-bench', async (cleanup, started) => {
    const options = parseSchedulingArgs(process.argv.slice(2));
    if (options.help) {
      console.log(SCHEDULING_HELP);
      return 0;
    }
    try {
      const results = await run(options, cleanup, started);
      console.log(options.json ? JSON.stringify(results, null, 2) : formatSchedulingText(results));
      return 0;
    } finally {
      log('Stopping the components and etcd, removing the temporary data ...');
    }
  });
}
