// The benchmark's results, their goals, and how they are printed.
import { MachineInfo } from './machine';
import { PacedSummary } from './load';
import { RunCost } from './probe';
import { RunSummary } from './stats';

/** A run's numbers plus the CPU and etcd calls it cost. */
export type Measured<T extends RunSummary = RunSummary> = T & RunCost;

export interface BenchResults {
  machine: MachineInfo;
  settings: { concurrency: number; count: number; warmup: number; rounds: number; pacedRate: number; pacedSeconds: number; servers: 'child-process' | 'in-process'; storedBytes: number };
  etcd: Measured;
  apiserver: Measured;
  /** The forwarder (forwarder.ts): what a server with no logic reaches. */
  forwarder: Measured;
  /** apiserver throughput / raw etcd throughput. */
  ratio: number;
  /** forwarder throughput / raw etcd throughput. */
  forwarderRatio: number;
  paced?: Measured<PacedSummary>;
  goals: Goal[];
}

export interface Goal {
  name: string;
  target: string;
  measured: string;
  ok: boolean;
}

export const RATIO_GOAL = 0.5;
export const PACED_P99_GOAL_MS = 50;

const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

export function evaluateGoals(ratio: number, paced: PacedSummary | undefined): Goal[] {
  const goals: Goal[] = [{ name: 'apiserver throughput vs raw etcd', target: `>= ${RATIO_GOAL * 100}%`, measured: percent(ratio), ok: ratio >= RATIO_GOAL }];
  if (paced) {
    goals.push({
      name: `p99 latency at ${paced.rate} creates/s`,
      target: `< ${PACED_P99_GOAL_MS} ms`,
      measured: `${paced.p99Ms.toFixed(1)} ms`,
      ok: paced.errors === 0 && paced.p99Ms < PACED_P99_GOAL_MS,
    });
  }
  return goals;
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function formatText(r: BenchResults): string {
  const s = r.settings;
  const m = r.machine;
  const row = (name: string, x: RunSummary, load: string): string[] => [name, load, String(x.ops), String(x.errors), fmt(x.throughput, 0), fmt(x.p50Ms, 2), fmt(x.p99Ms, 2), fmt(x.maxMs, 2)];
  const rows = [
    ['run', 'load', 'ops', 'errors', 'ops/s', 'p50 ms', 'p99 ms', 'max ms'],
    row('(a) raw etcd txn create', r.etcd, `${s.concurrency} in flight`),
    row('(b) apiserver ConfigMap create', r.apiserver, `${s.concurrency} in flight`),
    row('(d) forwarder ConfigMap create', r.forwarder, `${s.concurrency} in flight`),
  ];
  if (r.paced) rows.push(row('(c) apiserver paced', r.paced, `${r.paced.rate}/s for ${s.pacedSeconds} s`));
  const processes = Object.keys(r.etcd.cpu);
  const rpcs = (x: Measured): string =>
    Object.entries(x.etcdRpcsPerOp)
      .map(([method, n]) => `${method} ${n.toFixed(2)}`)
      .join(', ') || '-';
  const cpuRow = (name: string, x: Measured): string[] => [name, ...processes.flatMap((p) => [fmt(x.cpu[p]?.percentOfCore ?? NaN, 0), fmt(x.cpu[p]?.msPerOp ?? NaN, 2)]), rpcs(x)];
  const cpuRows = [
    ['cost per run (CPU: % of one core, ms per op)', ...processes.flatMap((p) => [`${p} %`, `${p} ms/op`]), 'etcd RPCs per op'],
    cpuRow('(a) raw etcd', r.etcd),
    cpuRow('(b) apiserver', r.apiserver),
    cpuRow('(d) forwarder', r.forwarder),
  ];
  if (r.paced) cpuRows.push(cpuRow('(c) apiserver paced', r.paced));
  const lines = [
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}`,
    `Software: node ${m.node}, etcd ${m.etcd}; apiserver and forwarder: ${s.servers}; load average at start ${m.loadAverage1m}`,
    `Date: ${m.date}`,
    `Each create stores ${s.storedBytes} bytes; ${s.warmup} warm-up operations of each kind, then ${s.rounds} alternating rounds of (a), (b) and (d).`,
    '',
    table(rows),
    '',
    `apiserver / etcd throughput: ${percent(r.ratio)}`,
    `forwarder / etcd throughput: ${percent(r.forwarderRatio)} (no logic: the ceiling for a server on grpc-js and etcd3 here)`,
    `apiserver / forwarder throughput: ${percent(r.forwarderRatio > 0 ? r.ratio / r.forwarderRatio : 0)}`,
  ];
  if (r.paced) lines.push(`paced run: worst timer lag ${fmt(r.paced.maxTimerLagMs, 1)} ms (how late the benchmark itself sent)`);
  lines.push('', table(cpuRows), '', 'Goals:');
  for (const g of r.goals) lines.push(`  ${g.ok ? 'OK  ' : 'FAIL'}  ${g.name}: ${g.measured} (goal ${g.target})`);
  for (const [name, x] of [['raw etcd', r.etcd], ['apiserver', r.apiserver], ['forwarder', r.forwarder], ['paced', r.paced]] as const) {
    if (x?.firstError) lines.push('', `First error in the ${name} run (${x.errors} errors):`, x.firstError);
  }
  return lines.join('\n');
}
