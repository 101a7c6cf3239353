// The in-tree plugins by name, and the profile the scheduler runs by default.
import { Profile, Registry } from '../framework/interfaces';
import * as nodeAffinity from './node-affinity/node-affinity';
import * as nodeName from './node-name/node-name';
import * as nodePorts from './node-ports/node-ports';
import * as balanced from './node-resources-balanced-allocation/node-resources-balanced-allocation';
import * as fit from './node-resources-fit/node-resources-fit';
import * as leastAllocated from './node-resources-least-allocated/node-resources-least-allocated';
import * as nodeUnschedulable from './node-unschedulable/node-unschedulable';
import * as selectorSpread from './selector-spread/selector-spread';
import * as taintToleration from './taint-toleration/taint-toleration';

export const inTreeRegistry: Registry = {
  [nodeUnschedulable.NAME]: nodeUnschedulable.factory,
  [nodeName.NAME]: nodeName.factory,
  [taintToleration.NAME]: taintToleration.factory,
  [nodeAffinity.NAME]: nodeAffinity.factory,
  [nodePorts.NAME]: nodePorts.factory,
  [fit.NAME]: fit.factory,
  [leastAllocated.NAME]: leastAllocated.factory,
  [balanced.NAME]: balanced.factory,
  [selectorSpread.NAME]: selectorSpread.factory,
};

/**
 * Filters run cheapest and most selective first, as kube-scheduler orders them;
 * score weights follow kube-scheduler's defaults (TaintToleration 3, NodeAffinity
 * and spreading 2, resources 1).
 */
export const defaultProfile: Profile = {
  filters: [nodeUnschedulable.NAME, nodeName.NAME, taintToleration.NAME, nodeAffinity.NAME, nodePorts.NAME, fit.NAME],
  scores: [
    { name: taintToleration.NAME, weight: 3 },
    { name: nodeAffinity.NAME, weight: 2 },
    { name: selectorSpread.NAME, weight: 2 },
    { name: leastAllocated.NAME, weight: 1 },
    { name: balanced.NAME, weight: 1 },
  ],
};
