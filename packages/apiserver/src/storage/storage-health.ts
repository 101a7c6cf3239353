// Keeps the gRPC health status in step with etcd: a cheap read every
// interval; NOT_SERVING while it fails, SERVING again once etcd answers.
import { Clock, HealthStatus, realClock, ServingStatus, TimerHandle } from '@kctl/client';

export interface StorageHealthOptions {
  /** Time between checks. Default 5 s. */
  intervalMs?: number;
  /** Deadline of one check. Default 2 s, as Kubernetes' --etcd-healthcheck-timeout. */
  timeoutMs?: number;
  clock?: Clock;
}

export interface PingableStorage {
  currentRevision(options: { timeoutMs?: number }): Promise<number>;
}

export class StorageHealth {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private timer?: TimerHandle;
  private stopped = false;
  private checking?: Promise<void>;

  constructor(
    private readonly storage: PingableStorage,
    private readonly health: HealthStatus,
    options: StorageHealthOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.intervalMs = options.intervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  start(): void {
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.checking;
  }

  /** One check; run by the timer. */
  async check(): Promise<ServingStatus> {
    const status: ServingStatus = await this.storage.currentRevision({ timeoutMs: this.timeoutMs }).then(
      () => 'SERVING',
      () => 'NOT_SERVING',
    );
    if (!this.stopped) this.health.set('', status);
    return status;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.checking = this.check().then(
        () => this.schedule(),
        () => this.schedule(),
      );
    }, this.intervalMs);
  }
}
