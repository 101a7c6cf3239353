// Every stored resource's store and watch cache, looked up by plural name.
import { findResource, knownKindsList, ResourceInfo, RESOURCES, StatusError } from '@kctl/api';
import { Clock, realClock } from '@kctl/client';
import { Storage } from '../storage/store';
import { WatchCache, WatchCacheOptions } from '../watch/watch-cache';
import { GenericStore, NamespaceCheck } from './generic-store';
import { Strategy } from './strategy';

export class Registry {
  private readonly stores = new Map<string, GenericStore>();
  private readonly caches = new Map<string, WatchCache>();

  constructor(storage: Storage, strategies: Record<string, Strategy>, checkNamespace: NamespaceCheck, cacheOptions?: WatchCacheOptions, clock: Clock = realClock) {
    for (const info of RESOURCES) {
      const store = new GenericStore(info, storage, strategies[info.resource] ?? {}, checkNamespace, clock);
      const cache = new WatchCache(info, storage, cacheOptions, clock);
      store.serveListsFrom(cache);
      this.stores.set(info.resource, store);
      this.caches.set(info.resource, cache);
    }
  }

  store(resource: string): GenericStore {
    return this.stores.get(this.info(resource).resource)!;
  }

  watchCache(resource: string): WatchCache {
    return this.caches.get(this.info(resource).resource)!;
  }

  namespacedStores(): GenericStore[] {
    return [...this.stores.values()].filter((s) => s.info.namespaced);
  }

  async start(): Promise<void> {
    await Promise.all([...this.caches.values()].map((c) => c.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.caches.values()].map((c) => c.stop()));
  }

  private info(resource: string): ResourceInfo {
    const info = RESOURCES.find((r) => r.resource === resource) ?? findResource(resource);
    if (!info) throw new StatusError('NotFound', `the server doesn't have a resource type "${resource}" (known: ${knownKindsList()})`, { name: resource });
    return info;
  }
}
