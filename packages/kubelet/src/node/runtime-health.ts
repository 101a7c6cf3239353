// What the kubelet last heard from its runtime: Version (once it answers) and
// Status (polled every 5 s, as Kubernetes' runtime-up check). A change in
// health is reported at once so the Node's Ready condition follows it without
// waiting for the next status period.
import type { Clock } from '@kctl/client';
import type { ContainerRuntime, RuntimeStatus } from '../runtime/runtime';
import { runtimeVersionString } from '../runtime/runtime';
import { PeriodicTask, startPeriodic } from '../util/periodic';
import { runtimeProblems } from './node-status';

export const RUNTIME_CHECK_PERIOD_MS = 5000;

export class RuntimeHealth {
  /** "name://version" once Version answered. */
  versionString?: string;
  /** The last Status answer; undefined while the runtime does not answer. */
  status?: RuntimeStatus;
  private summary = '';
  private task?: PeriodicTask;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Asks the runtime now; true when its health (what Ready would say) changed. */
  async check(): Promise<boolean> {
    try {
      this.versionString ??= runtimeVersionString(await this.runtime.version());
      this.status = await this.runtime.status();
    } catch (err) {
      this.status = undefined;
      this.onError(err);
    }
    const summary = runtimeProblems(this.status).join(', ') + '|' + (this.versionString ?? '');
    const changed = summary !== this.summary;
    this.summary = summary;
    return changed;
  }

  /** Checks every periodMs and calls onChange when health changed. */
  start(clock: Clock, onChange: () => void, periodMs = RUNTIME_CHECK_PERIOD_MS): void {
    this.task ??= startPeriodic(
      clock,
      async () => {
        if (await this.check()) onChange();
      },
      () => periodMs,
      this.onError,
    );
  }

  async stop(): Promise<void> {
    await this.task?.stop();
  }
}
