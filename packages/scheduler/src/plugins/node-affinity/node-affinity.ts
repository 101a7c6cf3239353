// NodeAffinity: spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution
// must match the node's labels (terms are ORed, requirements in a term ANDed;
// operators In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields on
// metadata.name). Scoring adds the weights of the preferred terms that match.
import { NodeSelectorRequirement, NodeSelectorTerm, PodObject } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState, stateKey } from '../../framework/cycle-state';
import { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces';
import { defaultNormalize } from '../../framework/normalize';
import { skip, Status, success, unresolvable } from '../../framework/status';

export const NAME = 'NodeAffinity';
export const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

type Labels = Readonly<Record<string, string>>;
type Matcher = (labels: Labels, nodeName: string) => boolean;

/** A requirement as a test on one value (undefined when the label is absent); undefined for an invalid one. */
function compileRequirement(req: NodeSelectorRequirement): ((value: string | undefined) => boolean) | undefined {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In': {
      const set = new Set(values);
      return (v) => v !== undefined && set.has(v);
    }
    case 'NotIn': {
      const set = new Set(values);
      return (v) => v === undefined || !set.has(v);
    }
    case 'Exists':
      return (v) => v !== undefined;
    case 'DoesNotExist':
      return (v) => v === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !/^-?\d+$/.test(values[0]!)) return undefined;
      const bound = Number(values[0]);
      const gt = req.operator === 'Gt';
      return (v) => v !== undefined && /^-?\d+$/.test(v) && (gt ? Number(v) > bound : Number(v) < bound);
    }
    default:
      return undefined;
  }
}

/** A term matches when all its requirements do; an empty or invalid term matches nothing. */
export function compileTerm(term: NodeSelectorTerm): Matcher {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return () => false;
  const tests: Matcher[] = [];
  for (const req of expressions) {
    const test = compileRequirement(req);
    if (!test) return () => false;
    const key = req.key;
    tests.push((labels) => test(Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined));
  }
  for (const req of fields) {
    const test = req.key === 'metadata.name' && (req.operator === 'In' || req.operator === 'NotIn') ? compileRequirement(req) : undefined;
    if (!test) return () => false;
    tests.push((_labels, nodeName) => test(nodeName));
  }
  return (labels, nodeName) => tests.every((t) => t(labels, nodeName));
}

/** The pod's hard node constraints as one test, or undefined when it has none. */
export function compileRequired(pod: PodObject): Matcher | undefined {
  const selector = Object.entries(pod.spec?.nodeSelector ?? {});
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (selector.length === 0 && !required) return undefined;
  const terms = required ? required.nodeSelectorTerms.map(compileTerm) : undefined;
  return (labels, nodeName) => {
    for (const [key, value] of selector) if (labels[key] !== value) return false;
    return !terms || terms.some((t) => t(labels, nodeName));
  };
}

const REQUIRED_KEY = stateKey<Matcher>(`${NAME}/required`);
const PREFERRED_KEY = stateKey<{ weight: number; matches: Matcher }[]>(`${NAME}/preferred`);

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: PodObject): Status {
    const matcher = compileRequired(pod);
    if (!matcher) return skip();
    state.write(REQUIRED_KEY, matcher);
    return success();
  }

  filter(state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status {
    const matcher = state.read(REQUIRED_KEY) ?? compileRequired(pod);
    if (!matcher || matcher(nodeInfo.labels, nodeInfo.name)) return success();
    return unresolvable(REASON_AFFINITY);
  }

  preScore(state: CycleState, pod: PodObject): Status {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const terms = preferred.filter((p) => p.weight > 0).map((p) => ({ weight: p.weight, matches: compileTerm(p.preference) }));
    if (terms.length === 0) return skip();
    state.write(PREFERRED_KEY, terms);
    return success();
  }

  score(state: CycleState, _pod: PodObject, nodeInfo: NodeInfo): number {
    let total = 0;
    for (const term of state.read(PREFERRED_KEY) ?? []) if (term.matches(nodeInfo.labels, nodeInfo.name)) total += term.weight;
    return total;
  }

  normalizeScores(_state: CycleState, _pod: PodObject, scores: number[]): void {
    defaultNormalize(scores);
  }
}

export const factory = (): NodeAffinity => new NodeAffinity();
