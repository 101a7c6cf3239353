// Kubernetes' defaulting (pkg/apis/*/v1/defaults.go) for the kinds kctl stores.
// Everything here mutates in place and tolerates malformed input: a field of the
// wrong type is left alone for validation to report.
import type { Container, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { ResourceInfo } from './resources';
import { isObject, KObject } from './types';

type Json = Record<string, unknown>;

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function setDefault(o: Json, key: string, value: unknown): void {
  if (isAbsent(o[key])) o[key] = value;
}

/** The object at o[key], created when absent; undefined when it holds something else. */
function ensureObject(o: Json, key: string): Json | undefined {
  if (isAbsent(o[key])) o[key] = {};
  const value = o[key];
  return isObject(value) ? value : undefined;
}

function objectsIn(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Always for `:latest` or an untagged image without a digest, IfNotPresent otherwise (as SetDefaults_Container). */
export function defaultImagePullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image || image.trim() === '') return 'IfNotPresent';
  const at = image.indexOf('@');
  const hasDigest = at >= 0;
  const ref = hasDigest ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  // A colon before the last slash belongs to a registry host:port, not a tag.
  const tag = colon > lastSlash ? ref.slice(colon + 1) : undefined;
  if (tag === 'latest') return 'Always';
  if (tag === undefined && !hasDigest) return 'Always';
  return 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  const httpGet = probe['httpGet'];
  if (isObject(httpGet)) {
    setDefault(httpGet, 'path', '/');
    setDefault(httpGet, 'scheme', 'HTTP');
  }
}

/** Defaults one container (also used for init containers). */
export function defaultContainer(container: Container, hostNetwork = false): void {
  const c = container as unknown as Json;
  if (isAbsent(c['imagePullPolicy'])) {
    c['imagePullPolicy'] = defaultImagePullPolicy(typeof c['image'] === 'string' ? c['image'] : undefined);
  }
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const port of objectsIn(c['ports'])) {
    setDefault(port, 'protocol', 'TCP');
    if (hostNetwork && isAbsent(port['hostPort'])) port['hostPort'] = port['containerPort'];
  }
  for (const env of objectsIn(c['env'])) {
    const valueFrom = env['valueFrom'];
    if (isObject(valueFrom) && isObject(valueFrom['fieldRef'])) setDefault(valueFrom['fieldRef'], 'apiVersion', 'v1');
  }
  defaultProbe(c['livenessProbe']);
  defaultProbe(c['readinessProbe']);
  defaultProbe(c['startupProbe']);
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'secret', 'configMap', 'persistentVolumeClaim', 'downwardAPI', 'projected', 'nfs', 'csi', 'ephemeral',
];

/** Pod-level defaults plus every container's. */
export function defaultPodSpec(spec: PodSpec): void {
  const s = spec as unknown as Json;
  setDefault(s, 'restartPolicy', 'Always');
  setDefault(s, 'terminationGracePeriodSeconds', 30);
  setDefault(s, 'dnsPolicy', 'ClusterFirst');
  setDefault(s, 'schedulerName', 'default-scheduler');
  setDefault(s, 'securityContext', {});
  setDefault(s, 'enableServiceLinks', true);
  const hostNetwork = s['hostNetwork'] === true;
  for (const c of objectsIn(s['initContainers'])) defaultContainer(c as unknown as Container, hostNetwork);
  for (const c of objectsIn(s['containers'])) defaultContainer(c as unknown as Container, hostNetwork);
  for (const volume of objectsIn(s['volumes'])) {
    if (!VOLUME_SOURCES.some((k) => !isAbsent(volume[k]))) volume['emptyDir'] = {};
    for (const kind of ['secret', 'configMap']) {
      const source = volume[kind];
      if (isObject(source)) setDefault(source, 'defaultMode', 0o644);
    }
  }
}

/** Defaults a pod template's spec (created empty when absent, as Kubernetes' struct would be). */
export function defaultPodTemplate(template: PodTemplateSpec): void {
  const spec = ensureObject(template as unknown as Json, 'spec');
  if (spec) defaultPodSpec(spec as unknown as PodSpec);
}

function defaultWorkloadTemplate(spec: Json): void {
  const template = ensureObject(spec, 'template');
  if (template) defaultPodTemplate(template as PodTemplateSpec);
}

export function defaultDeployment(obj: KObject): void {
  const spec = ensureObject(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'replicas', 1);
  const strategy = ensureObject(spec, 'strategy');
  if (strategy) {
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      const rolling = ensureObject(strategy, 'rollingUpdate');
      if (rolling) {
        setDefault(rolling, 'maxUnavailable', '25%');
        setDefault(rolling, 'maxSurge', '25%');
      }
    }
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultWorkloadTemplate(spec);
}

export function defaultReplicaSet(obj: KObject): void {
  const spec = ensureObject(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'replicas', 1);
  defaultWorkloadTemplate(spec);
}

export function defaultService(obj: KObject): void {
  const spec = ensureObject(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'ClientIP') {
    const config = ensureObject(spec, 'sessionAffinityConfig');
    const clientIP = config && ensureObject(config, 'clientIP');
    if (clientIP) setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  for (const port of objectsIn(spec['ports'])) {
    setDefault(port, 'protocol', 'TCP');
    const target = port['targetPort'];
    if (isAbsent(target) || target === 0 || target === '') port['targetPort'] = port['port'];
  }
  const type = spec['type'];
  const externalIPs = spec['externalIPs'];
  const externallyAccessible =
    type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && Array.isArray(externalIPs) && externalIPs.length > 0);
  if (externallyAccessible) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  // kctl serves IPv4 only: every Service but ExternalName is single-stack IPv4.
  if (type !== 'ExternalName') {
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'ipFamilies', ['IPv4']);
  }
}

export function defaultSecret(obj: KObject): void {
  setDefault(obj, 'type', 'Opaque');
  const stringData = obj['stringData'];
  if (isAbsent(stringData)) {
    delete obj['stringData'];
    return;
  }
  if (!isObject(stringData)) return;
  const data = ensureObject(obj, 'data');
  if (!data) return;
  for (const [key, value] of Object.entries(stringData)) {
    if (typeof value === 'string') data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  // Non-string values stay so validation can point at them.
  const rest = Object.entries(stringData).filter(([, v]) => typeof v !== 'string');
  if (rest.length === 0) delete obj['stringData'];
  else obj['stringData'] = Object.fromEntries(rest);
}

export function defaultNamespace(obj: KObject): void {
  // Every namespace carries its own name as a label, so selectors can pick namespaces by name.
  const metadata = ensureObject(obj, 'metadata');
  const labels = metadata && ensureObject(metadata, 'labels');
  if (labels && typeof metadata['name'] === 'string') labels['kubernetes.io/metadata.name'] = metadata['name'];
  const spec = ensureObject(obj, 'spec');
  if (spec) setDefault(spec, 'finalizers', ['kubernetes']);
  const status = ensureObject(obj, 'status');
  if (status) setDefault(status, 'phase', 'Active');
}

export function defaultNode(obj: KObject): void {
  const status = obj['status'];
  if (isObject(status) && isAbsent(status['allocatable']) && isObject(status['capacity'])) {
    status['allocatable'] = { ...status['capacity'] };
  }
}

export function defaultEndpoints(obj: KObject): void {
  for (const subset of objectsIn(obj['subsets'])) {
    for (const port of objectsIn(subset['ports'])) setDefault(port, 'protocol', 'TCP');
  }
}

function defaultEvent(obj: Json): void {
  setDefault(obj, 'count', 1);
}

/** Pod-only defaults (SetDefaults_Pod): templates do not get these. */
export function defaultPod(obj: KObject): void {
  const spec = ensureObject(obj, 'spec');
  if (!spec) return;
  defaultPodSpec(spec as unknown as PodSpec);
  for (const c of [...objectsIn(spec['initContainers']), ...objectsIn(spec['containers'])]) defaultRequestsFromLimits(c);
}

/** A container's requests default to its limits, resource by resource. */
function defaultRequestsFromLimits(container: Json): void {
  const resources = container['resources'];
  if (!isObject(resources) || !isObject(resources['limits'])) return;
  const limits = resources['limits'];
  if (Object.keys(limits).length === 0) return;
  const requests = ensureObject(resources, 'requests');
  if (!requests) return;
  for (const [name, value] of Object.entries(limits)) setDefault(requests, name, value);
}

/** Each kind's defaulting, by kind name. */
export const KIND_DEFAULTS: Readonly<Record<string, (obj: KObject) => void>> = {
  Pod: defaultPod,
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  Service: defaultService,
  Secret: defaultSecret,
  Namespace: defaultNamespace,
  Node: defaultNode,
  Endpoints: defaultEndpoints,
  Event: defaultEvent,
};

/** Fills in Kubernetes' defaults, in place, on an object about to be stored. */
export function applyDefaults(info: ResourceInfo, obj: KObject): void {
  KIND_DEFAULTS[info.kind]?.(obj);
}

const INITIAL_STATUS: Readonly<Record<string, Record<string, unknown>>> = {
  Pod: { phase: 'Pending' },
  Namespace: { phase: 'Active' },
};

/** The status a new object starts with: Pod {phase: Pending}, Namespace {phase: Active}, others none. */
export function initialStatus(info: ResourceInfo): Record<string, unknown> | undefined {
  const status = INITIAL_STATUS[info.kind];
  return status && { ...status };
}
