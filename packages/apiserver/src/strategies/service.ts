// Services: Kubernetes' defaults and validation, status empty on create, a
// ClusterIP from the service CIDR and, for NodePort and LoadBalancer types, a
// node port from 30000-32767 per port. Each value is an etcd key owned by the
// Service, released when the Service no longer uses it.
import { fieldErrors, invalid, KObject, Service, StatusCause } from '@kctl/api';
import { KeyAllocator } from './allocator';
import { inRange, ipToNumber, numberToIp, parseCidr } from './ip-range';
import { Storage } from '../storage/store';
import { Strategy } from '../registry/strategy';
import { kindRules, resourceInfo } from './rules';
import { keepStoredStatus, statusSubresource } from './status';

export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_NODE_PORT_RANGE: [number, number] = [30000, 32767];

type ServiceSpec = NonNullable<Service['spec']>;

const ownerOf = (obj: KObject): string => `${obj.metadata.namespace}/${obj.metadata.name}`;
const specOf = (obj: KObject): ServiceSpec => ((obj as unknown as Service).spec ??= {});
const usesNodePorts = (spec: ServiceSpec): boolean => spec.type === 'NodePort' || spec.type === 'LoadBalancer';
const wantsClusterIP = (spec: ServiceSpec): boolean => spec.type !== 'ExternalName' && spec.clusterIP !== 'None';

function nodePortsOf(obj: KObject): number[] {
  return (specOf(obj).ports ?? []).map((p) => p.nodePort).filter((p): p is number => typeof p === 'number');
}

export interface ServiceStrategyOptions {
  serviceCidr?: string;
  nodePortRange?: [number, number];
}

export function serviceStrategy(storage: Storage, options: ServiceStrategyOptions = {}): Strategy {
  const range = parseCidr(options.serviceCidr ?? DEFAULT_SERVICE_CIDR);
  const [low, high] = options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
  // The first address is kept for the cluster's own "kubernetes" Service, as Kubernetes does.
  const ips = new KeyAllocator(storage, '/registry/allocations/serviceips/', range.size - 1, (i) => numberToIp(range.first + 1 + i));
  const ports = new KeyAllocator(storage, '/registry/allocations/nodeports/', high - low + 1, (i) => String(low + i));

  const reject = (obj: KObject, causes: StatusCause[]): never => {
    throw invalid('Service', obj.metadata.name ?? '', causes);
  };

  async function claimClusterIP(obj: KObject): Promise<void> {
    const spec = specOf(obj);
    if (!wantsClusterIP(spec)) return;
    const owner = ownerOf(obj);
    if (spec.clusterIP) {
      let n: number;
      try {
        n = ipToNumber(spec.clusterIP);
      } catch {
        return reject(obj, [fieldErrors.invalid('spec.clusterIPs', [spec.clusterIP], 'must be a valid IP address')]);
      }
      if (!inRange(range, n)) reject(obj, [fieldErrors.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${options.serviceCidr ?? DEFAULT_SERVICE_CIDR}`)]);
      if (!(await ips.claim(spec.clusterIP, owner))) reject(obj, [fieldErrors.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`)]);
    } else {
      const ip = await ips.allocate(owner);
      if (!ip) reject(obj, [fieldErrors.invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full')]);
      spec.clusterIP = ip;
    }
    spec.clusterIPs = [spec.clusterIP!];
  }

  /** Claims node ports; old's ports are reused for the same port and protocol. */
  async function claimNodePorts(obj: KObject, old?: KObject): Promise<void> {
    const spec = specOf(obj);
    const owner = ownerOf(obj);
    const held = new Set(old ? nodePortsOf(old) : []);
    for (const [i, port] of (spec.ports ?? []).entries()) {
      if (!usesNodePorts(spec)) {
        delete port.nodePort;
        continue;
      }
      if (port.nodePort === undefined) {
        port.nodePort = old && usesNodePorts(specOf(old)) ? (specOf(old).ports ?? []).find((p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'))?.nodePort : undefined;
      }
      if (port.nodePort !== undefined) {
        if (held.has(port.nodePort)) continue;
        if (port.nodePort < low || port.nodePort > high) reject(obj, [fieldErrors.invalid(`spec.ports[${i}].nodePort`, port.nodePort, `provided port is not in the valid range. The range of valid ports is ${low}-${high}`)]);
        if (!(await ports.claim(String(port.nodePort), owner))) reject(obj, [fieldErrors.invalid(`spec.ports[${i}].nodePort`, port.nodePort, 'provided port is already allocated')]);
      } else {
        const value = await ports.allocate(owner);
        if (!value) reject(obj, [fieldErrors.invalid(`spec.ports[${i}].nodePort`, 0, 'failed to allocate a node port: range is full')]);
        port.nodePort = Number(value);
      }
    }
  }

  async function releaseExcept(obj: KObject, keep?: KObject): Promise<void> {
    const owner = ownerOf(obj);
    const ip = specOf(obj).clusterIP;
    if (ip && wantsClusterIP(specOf(obj)) && ip !== (keep && specOf(keep).clusterIP)) await ips.release(ip, owner);
    const kept = new Set(keep ? nodePortsOf(keep) : []);
    for (const port of nodePortsOf(obj)) if (!kept.has(port)) await ports.release(String(port), owner);
  }

  return {
    ...kindRules('Service'),
    ...statusSubresource(resourceInfo('services')),
    async beforeCreate(obj) {
      try {
        await claimClusterIP(obj);
        await claimNodePorts(obj);
      } catch (err) {
        await releaseExcept(obj);
        throw err;
      }
    },
    createFailed: (obj) => releaseExcept(obj),
    prepareForUpdate(obj, old) {
      keepStoredStatus(obj, old);
      const spec = specOf(obj);
      const oldIP = specOf(old).clusterIP;
      if (!spec.clusterIP && oldIP && wantsClusterIP(spec)) spec.clusterIP = oldIP;
      if (spec.clusterIP !== oldIP && !(spec.type === 'ExternalName' || specOf(old).type === 'ExternalName')) {
        reject(obj, [fieldErrors.invalid('spec.clusterIPs[0]', spec.clusterIP ?? '', 'may not change once set')]);
      }
      if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
    },
    async beforeUpdate(obj, old) {
      if (!specOf(old).clusterIP && wantsClusterIP(specOf(obj))) await claimClusterIP(obj);
      try {
        await claimNodePorts(obj, old);
      } catch (err) {
        await releaseExcept(obj, old);
        throw err;
      }
    },
    updateFailed: (obj, old) => releaseExcept(obj, old),
    afterUpdate: (obj, old) => releaseExcept(old, obj),
    afterDelete: (obj) => releaseExcept(obj),
  };
}
