// Every stored kind's strategy, by resource name.
import { KObject, RESOURCES } from '@kctl/api';
import { Strategy } from '../registry/strategy';
import { Storage } from '../storage/store';
import { configmapStrategy } from './configmap';
import { deploymentStrategy } from './deployment';
import { endpointsStrategy } from './endpoints';
import { eventStrategy } from './event';
import { leaseStrategy } from './lease';
import { namespaceStrategy } from './namespace';
import { nodeStrategy } from './node';
import { podStrategy } from './pod';
import { replicaSetStrategy } from './replicaset';
import { secretStrategy } from './secret';
import { serviceStrategy, ServiceStrategyOptions } from './service';

export interface StrategyOptions extends ServiceStrategyOptions {
  /** Hears of every namespace write (namespace admission). */
  observeNamespace(ns: KObject): void;
}

export function strategiesFor(storage: Storage, options: StrategyOptions): Record<string, Strategy> {
  const strategies: Record<string, Strategy> = {
    namespaces: namespaceStrategy(options.observeNamespace),
    nodes: nodeStrategy,
    pods: podStrategy,
    services: serviceStrategy(storage, options),
    endpoints: endpointsStrategy,
    configmaps: configmapStrategy,
    secrets: secretStrategy,
    events: eventStrategy,
    deployments: deploymentStrategy,
    replicasets: replicaSetStrategy,
    leases: leaseStrategy,
  };
  const missing = RESOURCES.filter((r) => !strategies[r.resource]).map((r) => r.resource);
  if (missing.length) throw new Error(`no strategy for ${missing.join(', ')}`);
  return strategies;
}
