// Objects every cluster has from its first start.
import { isAlreadyExists } from '@kctl/api';
import { Registry } from './registry/registry';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  const namespaces = registry.store('namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    await namespaces.create('', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).catch((err: unknown) => {
      if (!isAlreadyExists(err)) throw err;
    });
  }
}
