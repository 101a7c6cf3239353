// Namespace admission: a namespaced object may only be created in a namespace
// that exists and is not terminating. The answer comes from a map fed by the
// namespaces watch cache, so creates cost no extra etcd read; a namespace the
// map has not seen yet (created a moment ago) is read from etcd.
import { forbidden, isNotFound, KObject, notFound } from '@kctl/api';
import { GenericStore, parseFilter } from '../registry/generic-store';
import { WatchCache } from '../watch/watch-cache';
import { CacheWatcher } from '../watch/watcher';

const isTerminating = (ns: KObject): boolean => !!ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating';

export class NamespaceLifecycle {
  /** Namespace name → whether it is terminating, as of a resourceVersion. */
  private readonly known = new Map<string, { terminating: boolean; revision: number }>();
  private watcher?: CacheWatcher;

  constructor(
    private readonly namespaces: GenericStore,
    private readonly cache: WatchCache,
  ) {}

  async start(): Promise<void> {
    this.watcher = await this.cache.watch(
      { namespace: '', filter: parseFilter(), allowBookmarks: false },
      {
        write: (events) => {
          for (const { type, object } of events) {
            if (type === 'DELETED') this.known.delete(object.metadata.name ?? '');
            else if (type !== 'BOOKMARK') this.observe(object);
          }
          return true;
        },
        onDrain: () => undefined,
        // The cache restarted (etcd trouble): forget everything and subscribe again.
        close: () => {
          this.known.clear();
          if (this.watcher) void this.start().catch(() => undefined);
        },
      },
    );
  }

  stop(): void {
    const watcher = this.watcher;
    this.watcher = undefined;
    watcher?.close();
  }

  /**
   * Records a namespace as written. The registry calls this when it marks a namespace
   * for deletion, so content is refused from that moment, before the watch event arrives.
   */
  observe(ns: KObject): void {
    const name = ns.metadata.name ?? '';
    const revision = Number(ns.metadata.resourceVersion ?? 0);
    if ((this.known.get(name)?.revision ?? -1) < revision) this.known.set(name, { terminating: isTerminating(ns), revision });
  }

  /** Whether a namespace this apiserver knows of is being deleted. */
  anyTerminating(): boolean {
    for (const { terminating } of this.known.values()) if (terminating) return true;
    return false;
  }

  async check(namespace: string): Promise<void> {
    let terminating = this.known.get(namespace)?.terminating;
    if (terminating === undefined) {
      try {
        terminating = isTerminating(await this.namespaces.get('', namespace));
      } catch (err) {
        if (isNotFound(err)) throw notFound('namespaces', namespace);
        throw err;
      }
    }
    if (terminating) throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}
