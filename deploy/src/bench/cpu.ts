// CPU time of processes from /proc/<pid>/stat, to show where a run's time goes.
import { execFileSync } from 'child_process';
import * as fs from 'fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds a process has used so far; NaN when unknown. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return NaN;
  }
}

export interface CpuShare {
  /** Share of one core used during the run, in percent. */
  percentOfCore: number;
  /** CPU milliseconds per successful operation. */
  msPerOp: number;
}

/** CPU time of named processes, summed over the intervals between resume() and pause(). */
export class CpuMeter {
  private readonly used = new Map<string, number>();
  private readonly at = new Map<string, number>();

  constructor(private readonly pids: Record<string, number>) {}

  resume(): void {
    for (const [name, pid] of Object.entries(this.pids)) this.at.set(name, cpuSeconds(pid));
  }

  pause(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      this.used.set(name, (this.used.get(name) ?? 0) + cpuSeconds(pid) - (this.at.get(name) ?? NaN));
    }
  }

  shares(elapsedSeconds: number, ops: number): Record<string, CpuShare> {
    const out: Record<string, CpuShare> = {};
    for (const name of Object.keys(this.pids)) {
      const used = this.used.get(name) ?? NaN;
      out[name] = { percentOfCore: (used / elapsedSeconds) * 100, msPerOp: ops > 0 ? (used * 1000) / ops : NaN };
    }
    return out;
  }
}

/**
 * CPU seconds the whole machine has been busy (all cores, any process) and
 * idle so far, from /proc/stat; NaN when unknown. Steal time counts as busy:
 * on a VM it is time another guest had the core.
 */
export function machineCpuSeconds(): { busy: number; idle: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
    const ticks = clockTicks();
    return { busy: (user! + nice! + system! + irq! + softirq! + steal!) / ticks, idle: (idle! + iowait!) / ticks };
  } catch {
    return { busy: NaN, idle: NaN };
  }
}
