// The scheduler's picture of the cluster: nodes with the pods on them, fed by
// the informers, plus "assumed" pods: a pod the scheduler has just placed is
// counted on its node at once, before the bind call returns, so the next
// decision already sees it. The informer's view of the bound pod confirms the
// assumption; a failed bind forgets it; an assumption that is never confirmed
// (the bind succeeded but the watch never showed it) expires after assumeTtlMs.
import { NodeObject, podKey, PodObject } from '@kctl/api';
import { Clock, realClock, TimerHandle } from '@kctl/client';

import { NodeInfo, OwnerIndex, PodInfo, podInfoOf } from './node-info';

export interface CacheOptions {
  clock?: Clock;
  /** How long an assumed pod whose binding finished may wait for the informer to confirm it. Default 30 s. */
  assumeTtlMs?: number;
  /** How often expired assumptions are swept. Default 1 s. */
  cleanupPeriodMs?: number;
  /** Told when an assumption expires (its room is free again). */
  onExpire?(pod: PodObject): void;
}

interface PodState {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
  /** Set when binding finished: the assumption expires then if not confirmed. */
  deadline?: number;
}

export class SchedulerCache {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly cleanupPeriodMs: number;
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  private readonly owners: OwnerIndex = new Map();
  private list: NodeInfo[] = [];
  private listDirty = false;
  private timer?: TimerHandle;

  constructor(private readonly options: CacheOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.ttlMs = options.assumeTtlMs ?? 30_000;
    this.cleanupPeriodMs = options.cleanupPeriodMs ?? 1000;
  }

  /** Starts sweeping expired assumptions. */
  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.cleanupExpired();
      this.timer = this.clock.setTimeout(tick, this.cleanupPeriodMs);
    };
    this.timer = this.clock.setTimeout(tick, this.cleanupPeriodMs);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  // ---- nodes

  addNode(node: NodeObject): NodeInfo {
    const info = this.nodeInfo(node.metadata.name ?? '');
    if (!info.node) this.listDirty = true;
    info.setNode(node);
    return info;
  }

  /** Returns true when the change may let a pod fit that did not (resources, labels, taints, readiness). */
  updateNode(node: NodeObject): boolean {
    const existing = this.nodes.get(node.metadata.name ?? '');
    const before = existing?.node ? existing.schedulingSignature : undefined;
    const info = this.addNode(node);
    return before !== info.schedulingSignature;
  }

  removeNode(node: NodeObject): void {
    const name = node.metadata.name ?? '';
    const info = this.nodes.get(name);
    if (!info) return;
    // Pods of a deleted node stay counted until they are deleted themselves.
    if (info.pods.size === 0) this.nodes.delete(name);
    else info.clearNode();
    this.listDirty = true;
  }

  /** Nodes that exist (have a Node object), in a stable order. */
  nodeInfos(): readonly NodeInfo[] {
    if (this.listDirty) {
      this.list = [...this.nodes.values()].filter((n) => n.node);
      this.listDirty = false;
    }
    return this.list;
  }

  getNodeInfo(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  /** How many pods of the controller with this uid are on each node (bound or assumed); undefined when none anywhere. */
  ownerPodCounts(ownerUid: string): ReadonlyMap<NodeInfo, number> | undefined {
    return this.owners.get(ownerUid);
  }

  private nodeInfo(name: string): NodeInfo {
    let info = this.nodes.get(name);
    if (!info) this.nodes.set(name, (info = new NodeInfo(name, this.owners)));
    return info;
  }

  // ---- pods

  /** Counts pod on nodeName at once. Returns the assumed pod (a copy with spec.nodeName set). */
  assumePod(pod: PodObject, nodeName: string): PodObject {
    const key = podKey(pod);
    if (this.pods.has(key)) throw new Error(`pod ${key} is already in the scheduler cache`);
    const assumed: PodObject = { ...pod, spec: { ...pod.spec!, nodeName } };
    const info = podInfoOf(assumed);
    this.nodeInfo(nodeName).addPod(info);
    this.pods.set(key, { info, nodeName, assumed: true });
    this.assumed.add(key);
    return assumed;
  }

  /** The bind call returned: the assumption now expires if the informer does not confirm it in time. */
  finishBinding(key: string): void {
    const state = this.pods.get(key);
    if (state?.assumed) state.deadline = this.clock.now() + this.ttlMs;
  }

  /** The bind failed: the pod no longer counts on the node. */
  forgetPod(key: string): void {
    const state = this.pods.get(key);
    if (!state?.assumed) return;
    this.drop(key, state);
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  get assumedCount(): number {
    return this.assumed.size;
  }

  get podCount(): number {
    return this.pods.size;
  }

  /** An assigned pod as the informer shows it (add or update); confirms an assumption. */
  addPod(pod: PodObject): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    const state = this.pods.get(key);
    if (state) this.nodes.get(state.nodeName)?.removePod(key);
    if (state && state.nodeName !== nodeName) this.pruneNode(state.nodeName);
    const info = podInfoOf(pod);
    this.nodeInfo(nodeName).addPod(info);
    this.pods.set(key, { info, nodeName, assumed: false });
    this.assumed.delete(key);
  }

  updatePod(pod: PodObject): void {
    this.addPod(pod);
  }

  removePod(pod: PodObject): void {
    const key = podKey(pod);
    const state = this.pods.get(key);
    if (state) this.drop(key, state);
  }

  getPod(key: string): PodObject | undefined {
    return this.pods.get(key)?.info.pod;
  }

  /** Drops assumptions whose binding finished more than assumeTtlMs ago without confirmation. */
  cleanupExpired(): void {
    const now = this.clock.now();
    for (const key of [...this.assumed]) {
      const state = this.pods.get(key);
      if (!state || state.deadline === undefined || state.deadline > now) continue;
      this.drop(key, state);
      this.options.onExpire?.(state.info.pod);
    }
  }

  private drop(key: string, state: PodState): void {
    this.nodes.get(state.nodeName)?.removePod(key);
    this.pruneNode(state.nodeName);
    this.pods.delete(key);
    this.assumed.delete(key);
  }

  /** Forgets a NodeInfo kept only for the pods of a deleted node once they are gone. */
  private pruneNode(name: string): void {
    const info = this.nodes.get(name);
    if (info && !info.node && info.pods.size === 0) this.nodes.delete(name);
  }
}
