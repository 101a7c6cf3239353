// Pod GC wiring: one key, enqueued every podGCPeriod and whenever a node is
// deleted (so its pods go without waiting for the next period).
import type { NodeObject, PodObject } from '@kctl/api';
import { every, WorkQueue } from '@kctl/client';
import { Controller, ControllerContext, runQueue, settingsOf } from '../types';
import { PodGCSync } from './sync';

const KEY = 'podgc';

export class PodGCController implements Controller {
  readonly name = 'podgc';
  readonly queue: WorkQueue;
  readonly syncer: PodGCSync;
  private readonly periodMs: number;

  constructor(private readonly ctx: ControllerContext) {
    const settings = settingsOf(ctx);
    this.periodMs = settings.podGCPeriodMs;
    this.queue = new WorkQueue({ clock: ctx.clock });
    const nodes = ctx.informers.informer<NodeObject>('nodes');
    const pods = ctx.informers.informer<PodObject>('pods');
    this.syncer = new PodGCSync({ client: ctx.client, nodes, pods, logger: ctx.logger, terminatedPodGCThreshold: settings.terminatedPodGCThreshold });
    nodes.addEventHandler({ onDelete: () => this.queue.add(KEY) });
  }

  async run(signal: AbortSignal): Promise<void> {
    this.queue.add(KEY);
    const period = every(this.ctx.clock, this.periodMs, () => this.queue.add(KEY));
    try {
      // One worker: passes over all pods must not overlap.
      await runQueue(this.name, this.queue, () => this.syncer.sync(), signal, 1, this.ctx.logger);
    } finally {
      period.cancel();
    }
  }
}

export function newPodGCController(ctx: ControllerContext): PodGCController {
  return new PodGCController(ctx);
}
