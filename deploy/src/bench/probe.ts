// What one kind of operation costs besides its latency: CPU per process and
// etcd calls per operation, summed over the rounds it ran in.
import { CpuMeter, CpuShare } from './cpu';
import { etcdUnaryRpcs, rpcsPerOp } from './etcd-rpcs';

export interface RunCost {
  cpu: Record<string, CpuShare>;
  /** etcd unary RPCs per operation, by method. */
  etcdRpcsPerOp: Record<string, number>;
}

export class RunProbe {
  private readonly cpu: CpuMeter;
  private rpcsAt = new Map<string, number>();
  private readonly rpcs = new Map<string, number>();

  constructor(
    pids: Record<string, number>,
    private readonly etcdEndpoint: string,
  ) {
    this.cpu = new CpuMeter(pids);
  }

  async resume(): Promise<void> {
    this.rpcsAt = await etcdUnaryRpcs(this.etcdEndpoint);
    this.cpu.resume();
  }

  async pause(): Promise<void> {
    this.cpu.pause();
    for (const [method, value] of await etcdUnaryRpcs(this.etcdEndpoint)) {
      this.rpcs.set(method, (this.rpcs.get(method) ?? 0) + value - (this.rpcsAt.get(method) ?? 0));
    }
  }

  cost(seconds: number, ops: number): RunCost {
    return { cpu: this.cpu.shares(seconds, ops), etcdRpcsPerOp: rpcsPerOp(new Map(), this.rpcs, ops) };
  }
}
