// SelectorSpread (a light PodTopologySpread): pods with the same controller
// (the ownerReference marked controller: true, e.g. their ReplicaSet) spread
// over nodes. Raw score: same-owner pods already on the node (bound or
// assumed); normalized so the emptiest node scores 100 and the fullest 0.
import { controllerUid, PodObject } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState, stateKey } from '../../framework/cycle-state';
import { FrameworkHandle, PreScorePlugin, ScorePlugin } from '../../framework/interfaces';
import { reverseNormalize } from '../../framework/normalize';
import { skip, Status, success } from '../../framework/status';

export const NAME = 'SelectorSpread';

interface SpreadState {
  owner: string;
  /** The cache's per-node counts for the owner, when the handle offers them. */
  counts?: ReadonlyMap<NodeInfo, number>;
}

const KEY = stateKey<SpreadState>(`${NAME}/owner`);

export class SelectorSpread implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  constructor(private readonly handle?: FrameworkHandle) {}

  preScore(state: CycleState, pod: PodObject): Status {
    const owner = controllerUid(pod);
    if (!owner) return skip();
    if (this.handle?.ownerPodCounts) {
      const counts = this.handle.ownerPodCounts(owner);
      // No pod of the owner anywhere yet: every node would score the same.
      if (!counts) return skip();
      state.write(KEY, { owner, counts });
    } else {
      state.write(KEY, { owner });
    }
    return success();
  }

  score(state: CycleState, pod: PodObject, nodeInfo: NodeInfo): number {
    const s = state.read(KEY);
    if (s?.counts) return s.counts.get(nodeInfo) ?? 0;
    const owner = s?.owner ?? controllerUid(pod);
    return owner ? (nodeInfo.ownerCounts.get(owner) ?? 0) : 0;
  }

  normalizeScores(_state: CycleState, _pod: PodObject, scores: number[]): void {
    reverseNormalize(scores);
  }
}

export const factory = (_args: unknown, handle: FrameworkHandle): SelectorSpread => new SelectorSpread(handle);
