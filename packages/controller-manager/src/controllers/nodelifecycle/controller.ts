// Node lifecycle controller wiring: node and node-Lease events enqueue the
// node's name, and every nodeMonitorPeriod every node is enqueued again, since
// a kubelet that stopped renewing sends no event at all.
import { NODE_LEASE_NAMESPACE } from '@kctl/api';
import type { LeaseObject, NodeObject, PodObject } from '@kctl/api';
import { every, WorkQueue } from '@kctl/client';
import { SharedInformer } from '../../util/client-types';
import { Controller, ControllerContext, runQueue, settingsOf } from '../types';
import { POD_NODE_INDEX, podNodeIndex } from '../../util/pod-node-index';
import { NodeLifecycleSync } from './sync';

export class NodeLifecycleController implements Controller {
  readonly name = 'nodelifecycle';
  readonly queue: WorkQueue;
  readonly syncer: NodeLifecycleSync;
  private readonly nodes: SharedInformer<NodeObject>;
  private readonly monitorPeriodMs: number;

  constructor(private readonly ctx: ControllerContext) {
    const settings = settingsOf(ctx);
    this.monitorPeriodMs = settings.nodeMonitorPeriodMs;
    this.queue = new WorkQueue({ clock: ctx.clock });
    this.nodes = ctx.informers.informer<NodeObject>('nodes');
    const leases = ctx.informers.informer<LeaseObject>('leases');
    const pods = ctx.informers.informer<PodObject>('pods');
    pods.addIndexer(POD_NODE_INDEX, podNodeIndex);
    this.syncer = new NodeLifecycleSync({
      client: ctx.client,
      nodes: this.nodes,
      leases,
      pods,
      clock: ctx.clock,
      recorder: ctx.recorder('node-controller'),
      logger: ctx.logger,
      gracePeriodMs: settings.nodeMonitorGracePeriodMs,
    });
    this.nodes.addEventHandler({
      onAdd: (node) => this.queue.add(node.metadata.name ?? ''),
      onUpdate: (_old, node) => this.queue.add(node.metadata.name ?? ''),
    });
    const onLease = (lease: LeaseObject): void => {
      if (lease.metadata.namespace === NODE_LEASE_NAMESPACE) this.queue.add(lease.metadata.name ?? '');
    };
    leases.addEventHandler({ onAdd: onLease, onUpdate: (_old, lease) => onLease(lease) });
  }

  async run(signal: AbortSignal): Promise<void> {
    const monitor = every(this.ctx.clock, this.monitorPeriodMs, () => {
      for (const node of this.nodes.list()) this.queue.add(node.metadata.name ?? '');
    });
    try {
      await runQueue(this.name, this.queue, (key) => this.syncer.sync(key), signal, this.ctx.workers, this.ctx.logger);
    } finally {
      monitor.cancel();
    }
  }
}

export function newNodeLifecycleController(ctx: ControllerContext): NodeLifecycleController {
  return new NodeLifecycleController(ctx);
}
