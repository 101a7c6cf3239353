// Namespace admission: a namespaced object may only be created in a namespace
// that exists and is not terminating.
// etcd stream into a map, with a direct read when a name is not known yet.
import { forbidden, KObject, notFound } from '@kctl/api';
import { GenericStore } from '../registry/generic-store';

export class NamespaceLifecycle {
  constructor(private readonly namespaces: GenericStore) {}

  async check(namespace: string): Promise<void> {
    let ns: KObject;
    try {
      ns = await this.namespaces.get('', namespace);
    } catch (err) {
      if (err instanceof Error && /not found/.test(err.message)) throw notFound('namespaces', namespace);
      throw err;
    }
    if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }
}
