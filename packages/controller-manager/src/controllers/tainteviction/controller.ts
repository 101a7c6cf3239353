// Taint eviction controller wiring: a node whose taints change, and a pod that
// lands on a node or changes its tolerations, enqueue the node's name.
import type { NodeObject, PodObject } from '@kctl/api';
import { WorkQueue } from '@kctl/client';
import { Controller, ControllerContext, runQueue } from '../types';
import { POD_NODE_INDEX, podNodeIndex } from '../../util/pod-node-index';
import { TaintEvictionSync } from './sync';

export class TaintEvictionController implements Controller {
  readonly name = 'tainteviction';
  readonly queue: WorkQueue;
  readonly syncer: TaintEvictionSync;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ clock: ctx.clock });
    const nodes = ctx.informers.informer<NodeObject>('nodes');
    const pods = ctx.informers.informer<PodObject>('pods');
    pods.addIndexer(POD_NODE_INDEX, podNodeIndex);
    this.syncer = new TaintEvictionSync({ client: ctx.client, nodes, pods, clock: ctx.clock, recorder: ctx.recorder('taint-eviction-controller'), logger: ctx.logger });
    const taintsOf = (node: NodeObject): string => JSON.stringify(node.spec?.taints ?? []);
    nodes.addEventHandler({
      onAdd: (node) => this.queue.add(node.metadata.name ?? ''),
      onUpdate: (old, cur) => {
        if (taintsOf(old) !== taintsOf(cur)) this.queue.add(cur.metadata.name ?? '');
      },
    });
    const onPod = (pod: PodObject): void => {
      if (pod.spec?.nodeName && !pod.metadata.deletionTimestamp) this.queue.add(pod.spec.nodeName);
    };
    pods.addEventHandler({
      onAdd: onPod,
      onUpdate: (old, cur) => {
        if (old.spec?.nodeName !== cur.spec?.nodeName || JSON.stringify(old.spec?.tolerations) !== JSON.stringify(cur.spec?.tolerations)) onPod(cur);
      },
    });
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.name, this.queue, (key) => this.syncer.sync(key), signal, this.ctx.workers, this.ctx.logger);
  }
}

export function newTaintEvictionController(ctx: ControllerContext): TaintEvictionController {
  return new TaintEvictionController(ctx);
}
