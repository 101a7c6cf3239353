// The plugin extension points, after kube-scheduler's framework: each plugin
// implements only the ones it needs. Filters say whether a pod fits a node,
// scores say how well (0..100, after normalization), and the optional Pre*
// steps compute per-pod data once per cycle.
import { PodObject } from '@kctl/api';
import { NodeInfo } from '../cache/node-info';

import { CycleState } from './cycle-state';
import { Status } from './status';

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /** Runs once per cycle. Skip leaves this plugin's Filter out; a rejection fails the pod on every node. */
  preFilter(state: CycleState, pod: PodObject): Status;
}

export interface FilterPlugin extends Plugin {
  /** Whether pod fits nodeInfo. Must not throw; must not change nodeInfo. */
  filter(state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status;
}

export interface PreScorePlugin extends Plugin {
  /** Runs once per cycle with the feasible nodes. Skip leaves this plugin's Score out. */
  preScore(state: CycleState, pod: PodObject, nodes: readonly NodeInfo[]): Status;
}

export interface ScorePlugin extends Plugin {
  /** How well pod fits nodeInfo: 0..100, or any number if normalizeScores maps it there. */
  score(state: CycleState, pod: PodObject, nodeInfo: NodeInfo): number;
  /** Maps the raw scores of all feasible nodes (same order as nodes) into 0..100, in place. */
  normalizeScores?(state: CycleState, pod: PodObject, scores: number[], nodes: readonly NodeInfo[]): void;
}

/** What plugins may see of the scheduler besides their arguments. */
export interface FrameworkHandle {
  /** Every node in the cache (the view of this cycle). */
  nodeInfos(): readonly NodeInfo[];
  getNodeInfo(name: string): NodeInfo | undefined;
  /** Pods of the controller with this uid per node; undefined when it has none anywhere. */
  ownerPodCounts?(ownerUid: string): ReadonlyMap<NodeInfo, number> | undefined;
}

export type PluginFactory = (args: unknown, handle: FrameworkHandle) => Plugin;

/** Plugin name → factory. */
export type Registry = Readonly<Record<string, PluginFactory>>;

/** Which plugins run, in order, and how much each score counts. */
export interface Profile {
  filters: readonly string[];
  scores: readonly { name: string; weight: number }[];
  /** Arguments per plugin name, handed to its factory. */
  pluginArgs?: Readonly<Record<string, unknown>>;
}

export const isPreFilter = (p: Plugin): p is PreFilterPlugin => typeof (p as Partial<PreFilterPlugin>).preFilter === 'function';
export const isFilter = (p: Plugin): p is FilterPlugin => typeof (p as Partial<FilterPlugin>).filter === 'function';
export const isPreScore = (p: Plugin): p is PreScorePlugin => typeof (p as Partial<PreScorePlugin>).preScore === 'function';
export const isScore = (p: Plugin): p is ScorePlugin => typeof (p as Partial<ScorePlugin>).score === 'function';
