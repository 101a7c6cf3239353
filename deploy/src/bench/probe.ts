// What one kind of operation costs besides its latency: CPU per process and
// etcd calls per operation, summed over the rounds it ran in.
import { CpuMeter, CpuShare, machineCpuSeconds } from './cpu';
import { etcdUnaryRpcs, rpcsPerOp } from './etcd-rpcs';

export interface RunCost {
  cpu: Record<string, CpuShare>;
  /** etcd unary RPCs per operation, by method. */
  etcdRpcsPerOp: Record<string, number>;
  /**
   * Cores the whole machine kept busy on average, and how many of them went to
   * processes other than the measured ones (other work on a shared machine).
   */
  machine: { busyCores: number; otherCores: number };
}

export class RunProbe {
  private readonly cpu: CpuMeter;
  private rpcsAt = new Map<string, number>();
  private readonly rpcs = new Map<string, number>();
  private machineAt = 0;
  private machineBusy = 0;

  constructor(
    pids: Record<string, number>,
    private readonly etcdEndpoint: string,
  ) {
    this.cpu = new CpuMeter(pids);
  }

  async resume(): Promise<void> {
    this.rpcsAt = await etcdUnaryRpcs(this.etcdEndpoint);
    this.cpu.resume();
    this.machineAt = machineCpuSeconds().busy;
  }

  async pause(): Promise<void> {
    this.cpu.pause();
    this.machineBusy += machineCpuSeconds().busy - this.machineAt;
    for (const [method, value] of await etcdUnaryRpcs(this.etcdEndpoint)) {
      this.rpcs.set(method, (this.rpcs.get(method) ?? 0) + value - (this.rpcsAt.get(method) ?? 0));
    }
  }

  cost(seconds: number, ops: number): RunCost {
    const cpu = this.cpu.shares(seconds, ops);
    const measured = Object.values(cpu).reduce((sum, c) => sum + c.percentOfCore / 100, 0);
    const busyCores = this.machineBusy / seconds;
    return { cpu, etcdRpcsPerOp: rpcsPerOp(new Map(), this.rpcs, ops), machine: { busyCores, otherCores: Math.max(0, busyCores - measured) } };
  }
}
