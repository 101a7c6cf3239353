// Controllers by name, as --controllers names them.
import { newDeploymentController } from './deployment/controller';
import { newGarbageCollector } from './garbagecollector/controller';
import { newNodeLifecycleController } from './nodelifecycle/controller';
import { newPodGCController } from './podgc/controller';
import { newReplicaSetController } from './replicaset/controller';
import { newTaintEvictionController } from './tainteviction/controller';
import { Controller, ControllerContext } from './types';

export type ControllerFactory = (ctx: ControllerContext) => Controller;

export const CONTROLLERS: Readonly<Record<string, ControllerFactory>> = {
  deployment: newDeploymentController,
  replicaset: newReplicaSetController,
  garbagecollector: newGarbageCollector,
  nodelifecycle: newNodeLifecycleController,
  tainteviction: newTaintEvictionController,
  podgc: newPodGCController,
};

/** Other spellings kube-controller-manager accepts. */
const ALIASES: Readonly<Record<string, string>> = {
  'deployment-controller': 'deployment',
  'replicaset-controller': 'replicaset',
  'garbage-collector-controller': 'garbagecollector',
  'garbage-collector': 'garbagecollector',
  'node-lifecycle-controller': 'nodelifecycle',
  'taint-eviction-controller': 'tainteviction',
  'pod-garbage-collector-controller': 'podgc',
};

export const CONTROLLER_NAMES: readonly string[] = Object.keys(CONTROLLERS);

/**
 * Resolves a --controllers list as kube-controller-manager does: names enable,
 * "-name" disables, "*" stands for all. Undefined or empty means all. Throws on
 * an unknown name.
 */
export function resolveControllers(requested: readonly string[] | undefined): string[] {
  const list = requested?.map((s) => s.trim()).filter(Boolean) ?? [];
  if (list.length === 0) return [...CONTROLLER_NAMES];
  const canonical = (name: string): string => {
    const n = ALIASES[name] ?? name;
    if (!(n in CONTROLLERS)) throw new Error(`"${name}" is not in the list of known controllers (${CONTROLLER_NAMES.join(', ')})`);
    return n;
  };
  const enabled = new Set<string>();
  const disabled = new Set<string>();
  let star = false;
  for (const item of list) {
    if (item === '*') star = true;
    else if (item.startsWith('-')) disabled.add(canonical(item.slice(1)));
    else enabled.add(canonical(item));
  }
  return CONTROLLER_NAMES.filter((n) => !disabled.has(n) && (star || enabled.has(n)));
}
