// The pods bound to this node, as the apiserver says (an informer with the
// field selector spec.nodeName=<node>, which the apiserver serves from its
// node index). Its events feed the pod workers (pod-workers.ts), and its cache
// answers which pod a runtime change belongs to.
import { podKey } from '@kctl/api';
import type { PodObject } from '@kctl/api';
import { Clock, Informer, ListWatchClient } from '@kctl/client';

export type PodChange = 'added' | 'updated' | 'deleted';

export interface PodManagerOptions {
  client: ListWatchClient;
  nodeName: string;
  clock: Clock;
  /** Told of every pod change this node sees. */
  onChange?(change: PodChange, pod: PodObject): void;
  onError?(err: unknown): void;
  /** Deep-freeze cached pods (tests). */
  freeze?: boolean;
}

/** The field selector that limits a watch to one node's pods. */
export function podsOnNode(nodeName: string): string {
  return `spec.nodeName=${nodeName}`;
}

export class PodManager {
  private readonly informer: Informer<PodObject>;

  constructor(private readonly options: PodManagerOptions) {
    this.informer = new Informer<PodObject>(options.client, 'pods', {
      fieldSelector: podsOnNode(options.nodeName),
      clock: options.clock,
      freeze: options.freeze,
      onError: options.onError,
    });
    const tell = (change: PodChange) => (pod: PodObject) => options.onChange?.(change, pod);
    this.informer.addEventHandler({
      onAdd: tell('added'),
      onUpdate: (_old, pod) => tell('updated')(pod),
      onDelete: tell('deleted'),
    });
  }

  start(): void {
    this.informer.start();
  }

  waitForSync(): Promise<void> {
    return this.informer.waitForSync();
  }

  /** The pods bound here, read-only (informer cache). */
  pods(): PodObject[] {
    return this.informer.list();
  }

  pod(namespace: string, name: string): PodObject | undefined {
    return this.informer.getByName(namespace, name);
  }

  /** "namespace/name" of every pod bound here, sorted. */
  podKeys(): string[] {
    return this.pods().map(podKey).sort();
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }
}
