// What the scheduler knows about one node: the Node object plus running sums
// over the pods on it (requested resources, host ports, pods per owner). The
// sums change incrementally as pods come and go, so no cycle adds them up again.
import { controllerUid, NodeObject, nodeReadyCondition, podKey, PodObject, Taint, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '@kctl/api';
import { addResource, Allocatable, emptyResource, HostPort, nodeAllocatable, podRequirements, PodRequirements, Resource } from '../resources';

export interface PodInfo {
  readonly key: string;
  readonly pod: PodObject;
  readonly requirements: PodRequirements;
  /** uid of the controlling owner (ReplicaSet, ...), for spreading. */
  readonly ownerUid?: string;
}

export function podInfoOf(pod: PodObject): PodInfo {
  return { key: podKey(pod), pod, requirements: podRequirements(pod), ownerUid: controllerUid(pod) };
}

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/**
 * Controller uid → node → pods of that controller there, across all nodes.
 * Shared by the NodeInfos of one cache, so spreading reads one small map per
 * pod instead of one map per node.
 */
export type OwnerIndex = Map<string, Map<NodeInfo, number>>;

export class NodeInfo {
  node?: NodeObject;
  allocatable: Allocatable = { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: undefined, pods: 0 };
  /** Sum of the requests of the pods here (bound and assumed). */
  readonly requested: Resource = emptyResource();
  /** Sums with kube-scheduler's defaults for pods that request nothing, for scoring. */
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  readonly pods = new Map<string, PodInfo>();
  /** pods.size, kept as a plain field: filters read it for every node, and a Map's size is a pointer chase away. */
  podCount = 0;
  /** "TCP/8080" → host IP → how many pods use it. */
  readonly usedPorts = new Map<string, Map<string, number>>();
  /** Controller uid → pods of that controller here. */
  readonly ownerCounts = new Map<string, number>();
  /** NoSchedule and NoExecute taints, plus a not-ready taint for a node whose Ready condition is not True. */
  taints: readonly Taint[] = NO_TAINTS;
  /** PreferNoSchedule taints. */
  preferNoScheduleTaints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  labels: Readonly<Record<string, string>> = {};
  /** What a change must touch to make a pod that did not fit here fit now. */
  schedulingSignature = '';
  /** Bumped on every change. */
  generation = 0;

  constructor(
    readonly name: string,
    private readonly ownerIndex?: OwnerIndex,
  ) {}

  setNode(node: NodeObject): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.unschedulable = !!node.spec?.unschedulable;
    this.labels = node.metadata.labels ?? {};
    const all = node.spec?.taints ?? [];
    const hard = all.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    const ready = nodeReadyCondition(node);
    // Kubernetes keeps unready nodes out through the node lifecycle controller's
    // taints. When they are not (yet) there, act as if the not-ready one were.
    if (ready?.status !== 'True' && !all.some((t) => t.key === TAINT_NODE_NOT_READY || t.key === TAINT_NODE_UNREACHABLE)) {
      hard.push({ key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' });
    }
    this.taints = hard.length ? hard : NO_TAINTS;
    const soft = all.filter((t) => t.effect === 'PreferNoSchedule');
    this.preferNoScheduleTaints = soft.length ? soft : NO_TAINTS;
    this.schedulingSignature = JSON.stringify([node.status?.allocatable, this.labels, all, this.unschedulable, ready?.status]);
    this.generation++;
  }

  clearNode(): void {
    this.node = undefined;
    this.generation++;
  }

  addPod(info: PodInfo): void {
    if (this.pods.has(info.key)) this.removePod(info.key);
    this.pods.set(info.key, info);
    this.account(info, 1);
  }

  /** Returns the PodInfo removed, if the pod was here. */
  removePod(key: string): PodInfo | undefined {
    const info = this.pods.get(key);
    if (!info) return undefined;
    this.pods.delete(key);
    this.account(info, -1);
    return info;
  }

  private account(info: PodInfo, sign: 1 | -1): void {
    const req = info.requirements;
    addResource(this.requested, req.requests, sign);
    this.nonZeroMilliCpu += sign * req.nonZeroMilliCpu;
    this.nonZeroMemory += sign * req.nonZeroMemory;
    for (const p of req.hostPorts) {
      const slot = `${p.protocol}/${p.port}`;
      let ips = this.usedPorts.get(slot);
      if (!ips) this.usedPorts.set(slot, (ips = new Map()));
      const n = (ips.get(p.ip) ?? 0) + sign;
      if (n > 0) ips.set(p.ip, n);
      else ips.delete(p.ip);
      if (ips.size === 0) this.usedPorts.delete(slot);
    }
    if (info.ownerUid) {
      const n = (this.ownerCounts.get(info.ownerUid) ?? 0) + sign;
      if (n > 0) this.ownerCounts.set(info.ownerUid, n);
      else this.ownerCounts.delete(info.ownerUid);
      if (this.ownerIndex) {
        let perNode = this.ownerIndex.get(info.ownerUid);
        if (!perNode) this.ownerIndex.set(info.ownerUid, (perNode = new Map()));
        if (n > 0) perNode.set(this, n);
        else perNode.delete(this);
        if (perNode.size === 0) this.ownerIndex.delete(info.ownerUid);
      }
    }
    this.podCount = this.pods.size;
    this.generation++;
  }

  /** True when one of the ports is taken here: same protocol and port, and the same IP or either side on 0.0.0.0. */
  portsConflict(wanted: readonly HostPort[]): boolean {
    for (const p of wanted) {
      const ips = this.usedPorts.get(`${p.protocol}/${p.port}`);
      if (!ips) continue;
      if (p.ip === '0.0.0.0' || ips.has(p.ip) || ips.has('0.0.0.0')) return true;
    }
    return false;
  }
}
