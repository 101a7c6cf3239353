// Columns of the core kinds other than pods, as kubectl prints them.
import { nodeReadyCondition } from '@kctl/api';
import type { ConfigMap, Endpoints, Event, KObject, Lease, Namespace, Node, NodeObject, Secret, Service } from '@kctl/api';
import { formatLabels, isRecord } from '../../util/json';
import { ageSince } from '../duration';
import { AGE, NAME, orNone } from './common';
import { Column } from './types';

const svc = (o: KObject): Service => o as unknown as Service;
const node = (o: KObject): Node => o as unknown as Node;

/** "80/TCP,443:30443/TCP" */
export function servicePorts(o: KObject): string {
  const ports = svc(o).spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

function externalIP(o: KObject): string {
  const spec = svc(o).spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (svc(o).status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...ingress, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    default:
      return '<unknown>';
  }
}

/** "10.0.0.1:80,10.0.0.2:80 + 3 more..." (formatEndpoints); ports filters by port name. */
export function formatEndpoints(o: KObject, portNames?: Set<string>): string {
  const subsets = (o as unknown as Endpoints).subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      if (portNames && !portNames.has(port.name ?? '')) continue;
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
      }
    }
  }
  if (list.length === 0) return '<none>';
  return more ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

/** "Ready", "NotReady,SchedulingDisabled", "Unknown". */
export function nodeStatus(o: KObject): string {
  const n = node(o);
  const ready = nodeReadyCondition(o as NodeObject);
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (n.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(o: KObject): string {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.push(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.push(v);
    }
  }
  return roles.length ? roles.sort().join(',') : '<none>';
}

function nodeAddress(o: KObject, type: string): string {
  return (node(o).status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

const ev = (o: KObject): Event => o as unknown as Event;

/** When an event was last seen: lastTimestamp, eventTime, firstTimestamp, creation. */
export function eventLastSeen(o: KObject): string | undefined {
  const e = ev(o);
  return e.lastTimestamp || e.eventTime || e.firstTimestamp || o.metadata.creationTimestamp;
}

const countOf = (o: KObject): number => {
  const d = (o as { data?: unknown }).data;
  const b = (o as { binaryData?: unknown }).binaryData;
  return (isRecord(d) ? Object.keys(d).length : 0) + (isRecord(b) ? Object.keys(b).length : 0);
};

export const SERVICE_COLUMNS: Column[] = [
  NAME,
  { header: 'TYPE', cell: (o) => svc(o).spec?.type ?? 'ClusterIP' },
  { header: 'CLUSTER-IP', cell: (o) => orNone(svc(o).spec?.clusterIP) },
  { header: 'EXTERNAL-IP', cell: externalIP },
  { header: 'PORT(S)', cell: servicePorts },
  AGE,
  { header: 'SELECTOR', wide: true, cell: (o) => formatLabels(svc(o).spec?.selector) },
];

export const NODE_COLUMNS: Column[] = [
  NAME,
  { header: 'STATUS', cell: nodeStatus },
  { header: 'ROLES', cell: nodeRoles },
  AGE,
  { header: 'VERSION', cell: (o) => node(o).status?.nodeInfo?.kubeletVersion ?? '' },
  { header: 'INTERNAL-IP', wide: true, cell: (o) => nodeAddress(o, 'InternalIP') },
  { header: 'EXTERNAL-IP', wide: true, cell: (o) => nodeAddress(o, 'ExternalIP') },
  { header: 'OS-IMAGE', wide: true, cell: (o) => orNone(node(o).status?.nodeInfo?.osImage) },
  { header: 'KERNEL-VERSION', wide: true, cell: (o) => orNone(node(o).status?.nodeInfo?.kernelVersion) },
  { header: 'CONTAINER-RUNTIME', wide: true, cell: (o) => orNone(node(o).status?.nodeInfo?.containerRuntimeVersion) },
];

export const NAMESPACE_COLUMNS: Column[] = [NAME, { header: 'STATUS', cell: (o) => (o as unknown as Namespace).status?.phase ?? '' }, AGE];

export const CONFIGMAP_COLUMNS: Column[] = [NAME, { header: 'DATA', cell: (o) => String(countOf(o as unknown as ConfigMap & KObject)) }, AGE];

export const SECRET_COLUMNS: Column[] = [
  NAME,
  { header: 'TYPE', cell: (o) => (o as unknown as Secret).type ?? 'Opaque' },
  { header: 'DATA', cell: (o) => String(countOf(o)) },
  AGE,
];

export const ENDPOINTS_COLUMNS: Column[] = [NAME, { header: 'ENDPOINTS', cell: (o) => formatEndpoints(o) }, AGE];

export const EVENT_COLUMNS: Column[] = [
  { header: 'LAST SEEN', cell: (o, ctx) => ageSince(eventLastSeen(o), ctx.now) },
  { header: 'TYPE', cell: (o) => ev(o).type ?? '' },
  { header: 'REASON', cell: (o) => ev(o).reason ?? '' },
  { header: 'OBJECT', cell: (o) => `${(ev(o).involvedObject?.kind ?? '').toLowerCase()}/${ev(o).involvedObject?.name ?? ''}` },
  { header: 'SUBOBJECT', wide: true, cell: (o) => ev(o).involvedObject?.fieldPath ?? '' },
  {
    header: 'SOURCE',
    wide: true,
    cell: (o) => {
      const s = ev(o).source;
      const text = s?.host ? `${s.component ?? ''}, ${s.host}` : (s?.component ?? ev(o).reportingComponent ?? '');
      return text;
    },
  },
  { header: 'MESSAGE', cell: (o) => (ev(o).message ?? '').trim() },
  { header: 'FIRST SEEN', wide: true, cell: (o, ctx) => ageSince(ev(o).firstTimestamp || ev(o).eventTime || o.metadata.creationTimestamp, ctx.now) },
  { header: 'COUNT', wide: true, cell: (o) => String(ev(o).count ?? 1) },
  { header: 'NAME', wide: true, cell: (o) => o.metadata.name ?? '' },
];

export const LEASE_COLUMNS: Column[] = [NAME, { header: 'HOLDER', cell: (o) => (o as unknown as Lease).spec?.holderIdentity ?? '' }, AGE];

export const DEFAULT_COLUMNS: Column[] = [NAME, AGE];
