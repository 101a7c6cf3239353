// Objects every cluster has from its first start: the system namespaces and the
// default/kubernetes Service through which pods reach the apiserver.
import { isAlreadyExists, isObject, KObject } from '@kctl/api';
import { Registry } from './registry/registry';
import { numberToIp, parseCidr } from './strategies/ip-range';
import { DEFAULT_SERVICE_CIDR } from './strategies/service';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const ignoreExisting = (err: unknown): undefined => {
  if (!isAlreadyExists(err)) throw err;
  return undefined;
};

export async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  const namespaces = registry.store('namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    await namespaces.create('', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).catch(ignoreExisting);
  }
}

export interface KubernetesServiceOptions {
  /** The service CIDR; the Service takes its first address. */
  serviceCidr?: string;
  /** Where the apiserver listens: host and port. */
  host: string;
  port: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * default/kubernetes: ClusterIP the first address of the service CIDR, port 443
 * ("https") to the apiserver's port, as Kubernetes' bootstrap controller makes
 * it. Its Endpoints point at the listen address when that is one IPv4 address
 * (not 0.0.0.0 or a name), and follow it when the apiserver moves.
 */
export async function ensureKubernetesService(registry: Registry, options: KubernetesServiceOptions): Promise<void> {
  const range = parseCidr(options.serviceCidr ?? DEFAULT_SERVICE_CIDR);
  const service: KObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: numberToIp(range.first), sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: options.port }] },
  };
  await registry.store('services').create('default', service).catch(ignoreExisting);
  if (!IPV4.test(options.host) || options.host === '0.0.0.0') return;
  const subsets = [{ addresses: [{ ip: options.host }], ports: [{ name: 'https', port: options.port, protocol: 'TCP' }] }];
  const endpoints = registry.store('endpoints');
  const created = await endpoints
    .create('default', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets })
    .catch(ignoreExisting);
  if (created) return;
  const current = await endpoints.get('default', 'kubernetes');
  if (JSON.stringify(isObject(current) ? current['subsets'] : undefined) === JSON.stringify(subsets)) return;
  await endpoints.update('default', { ...current, subsets });
}
