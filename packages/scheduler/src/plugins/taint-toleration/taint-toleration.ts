// TaintToleration: a node's NoSchedule and NoExecute taints keep out pods that
// do not tolerate them (a node that is not Ready counts as tainted
// node.kubernetes.io/not-ready, see NodeInfo). Scoring prefers nodes with fewer
// untolerated PreferNoSchedule taints.
import { firstUntolerated, PodObject, Taint, tolerates, Toleration } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState, stateKey } from '../../framework/cycle-state';
import { FilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces';
import { reverseNormalize } from '../../framework/normalize';
import { skip, Status, success, unresolvable } from '../../framework/status';

export const NAME = 'TaintToleration';

export const untoleratedTaintReason = (taint: Taint): string => `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;

const PREFER_KEY = stateKey<Toleration[]>(`${NAME}/prefer`);

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status {
    if (nodeInfo.taints.length === 0) return success();
    const taint = firstUntolerated(nodeInfo.taints, pod.spec?.tolerations);
    return taint ? unresolvable(untoleratedTaintReason(taint)) : success();
  }

  preScore(state: CycleState, pod: PodObject, nodes: readonly NodeInfo[]): Status {
    if (!nodes.some((n) => n.preferNoScheduleTaints.length > 0)) return skip();
    state.write(PREFER_KEY, (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule'));
    return success();
  }

  /** Raw score: how many PreferNoSchedule taints the pod does not tolerate (fewer is better). */
  score(state: CycleState, pod: PodObject, nodeInfo: NodeInfo): number {
    const tolerations = state.read(PREFER_KEY) ?? pod.spec?.tolerations;
    let n = 0;
    for (const taint of nodeInfo.preferNoScheduleTaints) if (!tolerates(tolerations, taint)) n++;
    return n;
  }

  normalizeScores(_state: CycleState, _pod: PodObject, scores: number[]): void {
    reverseNormalize(scores);
  }
}

export const factory = (): TaintToleration => new TaintToleration();
