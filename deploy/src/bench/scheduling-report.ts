// The scheduling benchmark's results, its goals, and how they are printed.
import type { SchedulerStats } from '@kctl/scheduler';
import { MachineInfo } from './machine';
import { RunCost } from './probe';
import { Goal, Measured } from './report';
import { RunSummary } from './stats';

export type { Goal };

/** Goal: pods bound per second with 1000 nodes and 10,000 pending pods. */
export const BIND_RATE_GOAL = 300;
/** Goal: a Deployment scaled 0 -> 1000 is all bound and Ready within this many seconds. */
export const SCALE_SECONDS_GOAL = 10;
/** Goal: bound pods/s at least this share of raw etcd creates/s in the same run. */
export const BIND_TO_ETCD_GOAL = 0.35;
/** Goal: Deployment 0 -> N takes at most this many times what raw etcd needs for N creates + N updates. */
export const SCALE_TO_ETCD_GOAL = 2;
/** Goal: p99 of the apiserver watch's delay behind a write during the rollout. */
export const WATCH_LAG_P99_GOAL_MS = 100;

/** Raw etcd doing a Deployment's minimum: N creates, then an update of each (compare mod revision, put). */
export interface RawCreateUpdate {
  count: number;
  createSeconds: number;
  updateSeconds: number;
  seconds: number;
}

export interface ThroughputResult extends RunCost {
  nodes: number;
  pods: number;
  createNodesSeconds: number;
  createPodsSeconds: number;
  /** From starting the scheduler to its caches holding every node and pod. */
  syncSeconds: number;
  /** From sync to the last bind acknowledged. */
  seconds: number;
  podsPerSecond: number;
  /** Bind rate in consecutive windows of the run, to show whether it holds up. */
  windows: { fromSeconds: number; toSeconds: number; podsPerSecond: number }[];
  stats: SchedulerStats;
  /** Read back through the apiserver after the run. */
  verified: { bound: number; nodesUsed: number; minPerNode: number; maxPerNode: number };
}

export interface DeploymentResult extends RunCost {
  replicas: number;
  /** Deleting the throughput run's pods (and the scheduler forgetting them) before this run. */
  deleteSeconds: number;
  controllerManagerSyncSeconds: number;
  /** From the scale request to status.readyReplicas == replicas and every pod seen bound and Ready. */
  seconds: number;
  podsPerSecond: number;
  /** When status.readyReplicas first reached replicas (polled every 50 ms). */
  readyReplicasSeconds: number;
  /** When the pod watcher had seen the last pod created, bound, and Ready (NaN without it). */
  lastCreatedSeconds: number;
  lastBoundSeconds: number;
  lastReadySeconds: number;
  /** Cumulative pods the watcher had seen created, bound and Ready, every half second (empty without it). */
  progress: { seconds: number; created: number; bound: number; ready: number }[];
  /**
   * A canary pod written every 50 ms during the run: how long the write took,
   * and how long after its answer the benchmark's pod watch (the namespace's
   * informer, which also carries every rollout pod's events) delivered it, a watch
   * of the canary alone through the apiserver, and a watch of its key on etcd.
   */
  watchLag?: { writes: number; seen: number; etcdLagP50Ms: number; etcdLagP99Ms: number; writeP50Ms: number; writeP99Ms: number; lagP50Ms: number; lagP99Ms: number; lagMaxMs: number; aloneLagP50Ms: number; aloneLagP99Ms: number };
  /** Per pod, from the watcher seeing it created to seeing it Ready. */
  startupP50Ms: number;
  startupP99Ms: number;
  scheduler: { bound: number; bindConflicts: number; bindErrors: number; unschedulable: number };
  verified: { pods: number; bound: number; ready: number };
}

export interface SchedulingResults {
  machine: MachineInfo;
  settings: {
    nodes: number;
    pods: number;
    replicas: number;
    rawCount: number;
    rawConcurrency: number;
    scheduler: 'child-process' | 'in-process';
    maxInFlightBinds: number | 'default';
    percentageOfNodesToScore: number | 'adaptive';
    scheduledEvents: boolean;
    kubeletWorkers: number;
    controllerWorkers: number;
    podWatcher: boolean;
  };
  /** 1-minute load average at points of the run. */
  loadAverage: { at: string; oneMinute: number }[];
  rawEtcd: { before?: Measured; after?: Measured; meanOpsPerSecond: number };
  /** N creates + N updates straight to etcd (N = replicas), at the start and the end; mean seconds. */
  rawCreateUpdate?: { before?: RawCreateUpdate; after?: RawCreateUpdate; meanSeconds: number };
  /** Deployment seconds / mean raw create+update seconds. */
  scaleToEtcdRatio?: number;
  throughput?: ThroughputResult;
  deployment?: DeploymentResult;
  /** Bound pods/s of the throughput run / mean raw etcd creates/s. */
  bindToEtcdRatio?: number;
  goals: Goal[];
  cpuProfiles?: string[];
}

export function evaluateSchedulingGoals(r: Pick<SchedulingResults, 'throughput' | 'deployment' | 'bindToEtcdRatio' | 'scaleToEtcdRatio'>): Goal[] {
  const goals: Goal[] = [];
  if (r.throughput) {
    const t = r.throughput;
    const complete = t.verified.bound === t.pods;
    goals.push({
      name: `pods bound per second (${t.nodes} nodes, ${t.pods} pending pods)`,
      target: `>= ${BIND_RATE_GOAL}/s`,
      measured: `${t.podsPerSecond.toFixed(0)}/s${complete ? '' : ` (only ${t.verified.bound} bound)`}`,
      ok: complete && t.podsPerSecond >= BIND_RATE_GOAL,
    });
  }
  if (r.deployment) {
    const d = r.deployment;
    const complete = d.verified.ready === d.replicas && d.verified.bound === d.replicas;
    goals.push({
      name: `Deployment 0 -> ${d.replicas}, all bound and Ready`,
      target: `< ${SCALE_SECONDS_GOAL} s`,
      measured: `${d.seconds.toFixed(2)} s${complete ? '' : ` (only ${d.verified.ready} Ready)`}`,
      ok: complete && d.seconds < SCALE_SECONDS_GOAL,
    });
  }
  if (r.throughput && r.bindToEtcdRatio !== undefined) {
    goals.push({
      name: 'bound pods/s vs raw etcd creates/s, same run',
      target: `>= ${(BIND_TO_ETCD_GOAL * 100).toFixed(0)}%`,
      measured: `${(r.bindToEtcdRatio * 100).toFixed(1)}%`,
      ok: r.throughput.verified.bound === r.throughput.pods && r.bindToEtcdRatio >= BIND_TO_ETCD_GOAL,
    });
  }
  if (r.deployment && r.scaleToEtcdRatio !== undefined) {
    const d = r.deployment;
    goals.push({
      name: `Deployment 0 -> ${d.replicas} vs raw etcd ${d.replicas} creates + ${d.replicas} updates, same run`,
      target: `<= ${SCALE_TO_ETCD_GOAL}x`,
      measured: `${r.scaleToEtcdRatio.toFixed(2)}x`,
      ok: d.verified.ready === d.replicas && r.scaleToEtcdRatio <= SCALE_TO_ETCD_GOAL,
    });
  }
  if (r.deployment?.watchLag) {
    const lag = r.deployment.watchLag;
    goals.push({
      name: 'apiserver watch delay behind a write during the rollout, p99',
      target: `<= ${WATCH_LAG_P99_GOAL_MS} ms`,
      measured: `${Number.isFinite(lag.lagP99Ms) ? Math.round(lag.lagP99Ms) : '-'} ms (watch straight on etcd: ${Number.isFinite(lag.etcdLagP99Ms) ? Math.round(lag.etcdLagP99Ms) : '-'} ms)`,
      ok: lag.seen === lag.writes && lag.lagP99Ms <= WATCH_LAG_P99_GOAL_MS,
    });
  }
  return goals;
}

/** Rates over consecutive windows of `width` seconds, from (seconds, cumulative count) samples. */
export function rateWindows(samples: { seconds: number; bound: number }[], width: number): ThroughputResult['windows'] {
  const windows: ThroughputResult['windows'] = [];
  let from = samples[0];
  for (const s of samples) {
    if (!from) break;
    const last = s === samples[samples.length - 1];
    if (s.seconds - from.seconds >= width - 0.5 || (last && s.seconds > from.seconds)) {
      windows.push({ fromSeconds: from.seconds, toSeconds: s.seconds, podsPerSecond: (s.bound - from.bound) / (s.seconds - from.seconds) });
      from = s;
    }
  }
  return windows;
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

const rpcs = (x: RunCost): string =>
  Object.entries(x.etcdRpcsPerOp)
    .map(([method, n]) => `${method} ${n.toFixed(2)}`)
    .join(', ') || '-';

function rawLine(name: string, x: RunSummary | undefined): string[] {
  return x ? [name, String(x.ops), String(x.errors), int(x.throughput), fmt(x.p50Ms, 2), fmt(x.p99Ms, 2)] : [name, '-', '-', '-', '-', '-'];
}

export function formatSchedulingText(r: SchedulingResults): string {
  const m = r.machine;
  const s = r.settings;
  const lines = [
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}`,
    `Software: node ${m.node}, etcd ${m.etcd}; apiserver and controller-manager in their own processes, scheduler ${s.scheduler === 'in-process' ? "in the benchmark's process" : 'in its own process'}; simulated nodes in the benchmark's process`,
    `Date: ${m.date}`,
    `Load average (1 min): ${r.loadAverage.map((l) => `${l.at} ${l.oneMinute.toFixed(2)}`).join(', ')}`,
    `Scheduler: max in-flight binds ${s.maxInFlightBinds}, nodes to score ${s.percentageOfNodesToScore}${s.percentageOfNodesToScore === 'adaptive' ? '' : ' %'}, Scheduled events ${s.scheduledEvents ? 'on' : 'off'}; simulated nodes: ${s.kubeletWorkers} status writes in flight; controllers: ${s.controllerWorkers} workers each; pod watcher ${s.podWatcher ? 'on' : 'off'}`,
    '',
    table([
      [`raw etcd txn create, ${s.rawConcurrency} in flight`, 'ops', 'errors', 'ops/s', 'p50 ms', 'p99 ms'],
      rawLine('at the start', r.rawEtcd.before),
      rawLine('at the end', r.rawEtcd.after),
    ]),
    `mean: ${int(r.rawEtcd.meanOpsPerSecond)} creates/s`,
  ];
  const cu = r.rawCreateUpdate;
  if (cu) {
    const line = (at: string, x: RawCreateUpdate | undefined): string =>
      x ? `${at} ${fmt(x.seconds, 2)} s (creates ${fmt(x.createSeconds, 2)} s, updates ${fmt(x.updateSeconds, 2)} s)` : `${at} -`;
    lines.push(`raw etcd ${cu.before?.count ?? cu.after?.count ?? '-'} creates + updates, ${s.rawConcurrency} in flight: ${line('at the start', cu.before)}, ${line('at the end', cu.after)}; mean ${fmt(cu.meanSeconds, 2)} s`);
  }
  const costRows: string[][] = [];
  const processes = [...new Set([...Object.keys(r.throughput?.cpu ?? {}), ...Object.keys(r.deployment?.cpu ?? {})])];
  const costRow = (name: string, x: RunCost, ops: number): string[] => [
    name,
    ...processes.flatMap((p) => {
      const c = x.cpu[p];
      return c ? [fmt((c.msPerOp * ops) / 1000, 1), fmt(c.msPerOp, 2)] : ['-', '-'];
    }),
    rpcs(x),
    `${fmt(x.machine.busyCores, 2)} (${fmt(x.machine.otherCores, 2)})`,
  ];
  if (r.throughput) {
    const t = r.throughput;
    lines.push(
      '',
      `Throughput: ${t.nodes} nodes, ${t.pods} pending pods`,
      `  created the nodes in ${fmt(t.createNodesSeconds, 1)} s, the pods in ${fmt(t.createPodsSeconds, 1)} s (${int(t.pods / t.createPodsSeconds)}/s)`,
      `  scheduler synced in ${fmt(t.syncSeconds, 2)} s, then bound all in ${fmt(t.seconds, 2)} s: ${int(t.podsPerSecond)} pods/s`,
      `  pods/s per ${t.windows[0] ? fmt(t.windows[0].toSeconds - t.windows[0].fromSeconds, 0) : '-'} s: ${t.windows.map((w) => int(w.podsPerSecond)).join(' ')}`,
      `  scheduler counters: attempts ${t.stats.attempts}, bound ${t.stats.bound}, unschedulable ${t.stats.unschedulable}, bind conflicts ${t.stats.bindConflicts}, bind errors ${t.stats.bindErrors}, errors ${t.stats.errors}`,
      `  read back: ${t.verified.bound}/${t.pods} bound, on ${t.verified.nodesUsed} nodes, ${t.verified.minPerNode}..${t.verified.maxPerNode} per node`,
    );
    costRows.push(costRow('throughput (sync to last bind)', t, t.pods));
  }
  if (r.deployment) {
    const d = r.deployment;
    lines.push(
      '',
      `Deployment scaled 0 -> ${d.replicas} (the throughput run's pods deleted first, in ${fmt(d.deleteSeconds, 1)} s; controller-manager synced in ${fmt(d.controllerManagerSyncSeconds, 2)} s)`,
      `  all ${d.replicas} bound and Ready after ${fmt(d.seconds, 2)} s: ${int(d.podsPerSecond)} pods/s (status.readyReplicas == ${d.replicas} at ${fmt(d.readyReplicasSeconds, 2)} s)`,
      ...(s.podWatcher
        ? [
            `  as the pod watcher saw it: last pod created at ${fmt(d.lastCreatedSeconds, 2)} s, last bound at ${fmt(d.lastBoundSeconds, 2)} s, last Ready at ${fmt(d.lastReadySeconds, 2)} s`,
            `  per pod, created -> Ready: p50 ${int(d.startupP50Ms)} ms, p99 ${int(d.startupP99Ms)} ms`,
            ...(d.watchLag
              ? [
                  `  canary write every 50 ms (${d.watchLag.writes} writes, ${d.watchLag.seen} seen): write p50 ${int(d.watchLag.writeP50Ms)} / p99 ${int(d.watchLag.writeP99Ms)} ms; ` +
                    `after the write's answer, the apiserver's watch delivered it at p50 ${int(d.watchLag.lagP50Ms)} / p99 ${int(d.watchLag.lagP99Ms)} / max ${int(d.watchLag.lagMaxMs)} ms, ` +
                    `a watch of the canary alone through the apiserver at p50 ${int(d.watchLag.aloneLagP50Ms)} / p99 ${int(d.watchLag.aloneLagP99Ms)} ms, ` +
                    `a watch straight on etcd at p50 ${int(d.watchLag.etcdLagP50Ms)} / p99 ${int(d.watchLag.etcdLagP99Ms)} ms`,
                ]
              : []),
            `  created/bound/Ready by: ${d.progress.filter((_, i, all) => i % 2 === 1 || i === all.length - 1).map((p) => `${fmt(p.seconds, Number.isInteger(p.seconds) ? 0 : 1)} s ${p.created}/${p.bound}/${p.ready}`).join(', ')}`,
          ]
        : ['  (no pod watcher: --no-pod-watcher)']),
      `  scheduler: bound ${d.scheduler.bound}, bind conflicts ${d.scheduler.bindConflicts}, bind errors ${d.scheduler.bindErrors}, unschedulable ${d.scheduler.unschedulable}`,
      `  read back: ${d.verified.pods} pods, ${d.verified.bound} bound, ${d.verified.ready} Ready`,
    );
    costRows.push(costRow(`deployment 0 -> ${d.replicas}`, d, d.replicas));
  }
  if (costRows.length) {
    lines.push('', table([['CPU seconds, ms per pod', ...processes.flatMap((p) => [`${p} s`, `${p} ms/pod`]), 'etcd RPCs per pod', 'machine cores busy (other work)'], ...costRows]));
  }
  if (r.bindToEtcdRatio !== undefined) {
    lines.push('', `bound pods/s / raw etcd creates/s: ${fmt(r.bindToEtcdRatio * 100, 1)}% (each bind is at least one etcd write; etcd RPCs per pod above)`);
  }
  if (r.scaleToEtcdRatio !== undefined) {
    lines.push(`Deployment 0 -> ${r.deployment?.replicas ?? '-'} seconds / raw etcd creates + updates seconds: ${fmt(r.scaleToEtcdRatio, 2)}x`);
  }
  if (r.deployment?.watchLag) {
    const lag = r.deployment.watchLag;
    lines.push(`watch delay behind a write, p99: apiserver (namespace informer) ${int(lag.lagP99Ms)} ms, apiserver (canary alone) ${int(lag.aloneLagP99Ms)} ms, etcd directly ${int(lag.etcdLagP99Ms)} ms`);
  }
  lines.push('', 'Goals:');
  for (const g of r.goals) lines.push(`  ${g.ok ? 'OK  ' : 'FAIL'}  ${g.name}: ${g.measured} (goal ${g.target})`);
  if (r.cpuProfiles?.length) lines.push('', 'CPU profiles:', ...r.cpuProfiles.map((f) => `  ${f}`));
  for (const [name, x] of [['raw etcd (start)', r.rawEtcd.before], ['raw etcd (end)', r.rawEtcd.after]] as const) {
    if (x?.firstError) lines.push('', `First error in ${name} (${x.errors} errors):`, x.firstError);
  }
  return lines.join('\n');
}
