// Runs a profile's plugins for one pod: PreFilter, then Filter over the nodes
// (starting where the last cycle stopped, and stopping once enough feasible
// nodes are found, as kube-scheduler's percentageOfNodesToScore does), then
// PreScore and weighted Score over the feasible nodes, and picks the best,
// breaking ties at random by reservoir sampling.
import { PodObject } from '@kctl/api';
import { NodeInfo } from '../cache/node-info';

import { CycleState } from './cycle-state';
import { Diagnosis, fitErrorMessage, newDiagnosis } from './fit-error';
import {
  FilterPlugin,
  FrameworkHandle,
  isFilter,
  isPreFilter,
  isPreScore,
  isScore,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  Plugin,
  PreFilterPlugin,
  PreScorePlugin,
  Profile,
  Registry,
  ScorePlugin,
} from './interfaces';
import { Status, success, withPlugin } from './status';

/** Below this many nodes every node is filtered; above it at least this many feasible ones are looked for. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
const BASE_PERCENTAGE_OF_NODES_TO_SCORE = 50;

export interface FrameworkOptions {
  registry: Registry;
  profile: Profile;
  handle: FrameworkHandle;
  /** 1..100: share of nodes to find feasible before scoring; 0 or unset: adaptive (50% - nodes/125, at least 5%). */
  percentageOfNodesToScore?: number;
  /** Source of randomness for tie-breaks, [0, 1). Default Math.random. */
  random?: () => number;
}

export type ScheduleResult =
  | { ok: true; nodeName: string; evaluatedNodes: number; feasibleNodes: number }
  | { ok: false; code: 'Unschedulable' | 'Error'; message: string; diagnosis: Diagnosis };

/** How many feasible nodes to find among numAllNodes before scoring (kube-scheduler's numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let adaptive = percentage;
  if (adaptive <= 0) {
    adaptive = BASE_PERCENTAGE_OF_NODES_TO_SCORE - Math.trunc(numAllNodes / 125);
    if (adaptive < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) adaptive = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * Math.min(100, adaptive)) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export class Framework {
  readonly plugins: ReadonlyMap<string, Plugin>;
  readonly preFilters: readonly PreFilterPlugin[];
  readonly filters: readonly FilterPlugin[];
  readonly preScores: readonly PreScorePlugin[];
  readonly scores: readonly { plugin: ScorePlugin; weight: number }[];
  private readonly random: () => number;
  private readonly percentage: number;
  /** Where the next cycle starts looking, so every node gets its turn. */
  private nextStartNodeIndex = 0;

  constructor(options: FrameworkOptions) {
    const { registry, profile, handle } = options;
    this.random = options.random ?? Math.random;
    this.percentage = options.percentageOfNodesToScore ?? 0;
    const plugins = new Map<string, Plugin>();
    const instance = (name: string): Plugin => {
      let plugin = plugins.get(name);
      if (!plugin) {
        const factory = registry[name];
        if (!factory) throw new Error(`unknown scheduler plugin "${name}"; known: ${Object.keys(registry).sort().join(', ')}`);
        plugin = factory(profile.pluginArgs?.[name], handle);
        plugins.set(name, plugin);
      }
      return plugin;
    };
    const filterPlugins = profile.filters.map(instance);
    for (const p of filterPlugins) if (!isFilter(p)) throw new Error(`scheduler plugin "${p.name}" has no filter`);
    const scorePlugins = profile.scores.map(({ name, weight }) => {
      const plugin = instance(name);
      if (!isScore(plugin)) throw new Error(`scheduler plugin "${name}" has no score`);
      if (!(weight > 0)) throw new Error(`scheduler plugin "${name}" needs a positive weight, not ${weight}`);
      return { plugin, weight };
    });
    this.plugins = plugins;
    this.preFilters = filterPlugins.filter(isPreFilter);
    this.filters = filterPlugins.filter(isFilter);
    this.preScores = scorePlugins.map((s) => s.plugin).filter((p): p is ScorePlugin & PreScorePlugin => isPreScore(p));
    this.scores = scorePlugins;
  }

  /** Picks a node for pod among nodes, or says why none fits. */
  schedulePod(pod: PodObject, nodes: readonly NodeInfo[]): ScheduleResult {
    const diagnosis = newDiagnosis();
    if (nodes.length === 0) return { ok: false, code: 'Unschedulable', message: fitErrorMessage(0, diagnosis), diagnosis };
    const state = new CycleState();
    for (const plugin of this.preFilters) {
      const status = plugin.preFilter(state, pod);
      if (status.code === 'Skip') state.skipFilter.add(plugin.name);
      else if (status.code === 'Error') return this.error(plugin.name, status, diagnosis);
      else if (status.code !== 'Success') {
        diagnosis.preFilterMessage = status.reasons.join(', ');
        diagnosis.unschedulablePlugins.add(plugin.name);
        return { ok: false, code: 'Unschedulable', message: fitErrorMessage(nodes.length, diagnosis), diagnosis };
      }
    }

    const filters = state.skipFilter.size ? this.filters.filter((f) => !state.skipFilter.has(f.name)) : this.filters;
    const wanted = numFeasibleNodesToFind(nodes.length, this.percentage);
    const feasible: NodeInfo[] = [];
    const n = nodes.length;
    const start = this.nextStartNodeIndex % n;
    let processed = 0;
    for (; processed < n && feasible.length < wanted; processed++) {
      const nodeInfo = nodes[(start + processed) % n]!;
      const status = runFilters(filters, state, pod, nodeInfo);
      if (status.code === 'Success') feasible.push(nodeInfo);
      else if (status.code === 'Error') return this.error(status.plugin ?? '', status, diagnosis);
      else {
        diagnosis.nodeStatuses.set(nodeInfo.name, status);
        if (status.plugin) diagnosis.unschedulablePlugins.add(status.plugin);
      }
    }
    this.nextStartNodeIndex = (start + processed) % n;

    if (feasible.length === 0) return { ok: false, code: 'Unschedulable', message: fitErrorMessage(n, diagnosis), diagnosis };
    if (feasible.length === 1) return { ok: true, nodeName: feasible[0]!.name, evaluatedNodes: processed, feasibleNodes: 1 };
    const totals = this.prioritize(state, pod, feasible);
    return { ok: true, nodeName: feasible[this.selectHost(totals)]!.name, evaluatedNodes: processed, feasibleNodes: feasible.length };
  }

  /** Weighted sum of every score plugin for each feasible node. */
  prioritize(state: CycleState, pod: PodObject, feasible: readonly NodeInfo[]): number[] {
    const n = feasible.length;
    const totals = new Array<number>(n).fill(0);
    for (const plugin of this.preScores) {
      const status = plugin.preScore(state, pod, feasible);
      // A failing PreScore only costs this plugin its say.
      if (status.code !== 'Success') state.skipScore.add(plugin.name);
    }
    const scores = new Array<number>(n).fill(0);
    for (const { plugin, weight } of this.scores) {
      if (state.skipScore.size && state.skipScore.has(plugin.name)) continue;
      for (let i = 0; i < n; i++) scores[i] = plugin.score(state, pod, feasible[i]!);
      plugin.normalizeScores?.(state, pod, scores, feasible);
      for (let i = 0; i < n; i++) {
        const s = scores[i]!;
        // Clamp into 0..100 (NaN counts as 0).
        totals[i]! += (s >= MAX_NODE_SCORE ? MAX_NODE_SCORE : s > MIN_NODE_SCORE ? s : MIN_NODE_SCORE) * weight;
      }
    }
    return totals;
  }

  /** Index of the highest total; among equals each has the same chance (reservoir sampling, as kube-scheduler). */
  selectHost(totals: readonly number[]): number {
    let best = 0;
    let max = totals[0] ?? 0;
    let count = 1;
    for (let i = 1; i < totals.length; i++) {
      const t = totals[i]!;
      if (t > max) {
        max = t;
        best = i;
        count = 1;
      } else if (t === max) {
        count++;
        if (Math.floor(this.random() * count) === 0) best = i;
      }
    }
    return best;
  }

  private error(plugin: string, status: Status, diagnosis: Diagnosis): ScheduleResult {
    return { ok: false, code: 'Error', message: `running plugin "${plugin}": ${status.reasons.join(', ')}`, diagnosis };
  }
}

/** Runs filters in order and stops at the first that does not answer Success. */
export function runFilters(filters: readonly FilterPlugin[], state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status {
  for (const plugin of filters) {
    const status = plugin.filter(state, pod, nodeInfo);
    if (status.code !== 'Success' && status.code !== 'Skip') return withPlugin(status, plugin.name);
  }
  return success();
}

