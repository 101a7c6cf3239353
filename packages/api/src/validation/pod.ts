// Pod specs and pod templates (core/validation's ValidatePodSpec, trimmed to
// what kctl runs). Fields that defaulting fills in (protocol, restartPolicy, …)
// are checked when present and not required, so a spec validates the same
// before and after applyDefaults.
import { fieldErrors } from '../errors';
import { parseQuantity } from '../quantity';
import { isObject } from '../types';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidPortName, isValidPortNum, inclusiveRangeError } from './names';
import { validateLabelsAndAnnotations } from './meta';
import {
  child,
  Errs,
  getArray,
  getInt,
  getObject,
  getObjectList,
  getString,
  index,
  invalidEach,
  Json,
  key,
  notFound,
  validateNonnegative,
} from './util';

export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/** Checks a string field against a fixed set when it is present. */
function checkSupported(o: Json, k: string, path: string, allowed: string[], errs: Errs): string | undefined {
  const value = getString(o, k, path, errs);
  if (value !== undefined && !allowed.includes(value)) errs.push(fieldErrors.notSupported(path, value, allowed));
  return value;
}

/** A port given as a number 1–65535 or an IANA service name (targetPort, probe ports). */
export function validatePortNumOrName(value: unknown, path: string, errs: Errs): void {
  if (typeof value === 'number') invalidEach(errs, path, value, isValidPortNum(value));
  else if (typeof value === 'string') invalidEach(errs, path, value, isValidPortName(value));
  else errs.push(fieldErrors.invalid(path, value ?? null, 'must be an integer or a port name'));
}

function validateContainerPorts(container: Json, path: string, errs: Errs): void {
  const names = new Set<string>();
  for (const [port, i] of getObjectList(container, 'ports', path, errs)) {
    const p = index(path, i);
    const name = getString(port, 'name', child(p, 'name'), errs);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) invalidEach(errs, child(p, 'name'), name, msgs);
      else if (names.has(name)) errs.push(fieldErrors.duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const containerPort = getInt(port, 'containerPort', child(p, 'containerPort'), errs);
    if (containerPort === 0 || (containerPort === undefined && (port['containerPort'] === undefined || port['containerPort'] === null))) {
      errs.push(fieldErrors.required(child(p, 'containerPort')));
    } else if (containerPort !== undefined) {
      invalidEach(errs, child(p, 'containerPort'), containerPort, isValidPortNum(containerPort));
    }
    const hostPort = getInt(port, 'hostPort', child(p, 'hostPort'), errs);
    if (hostPort !== undefined && hostPort !== 0) invalidEach(errs, child(p, 'hostPort'), hostPort, isValidPortNum(hostPort));
    checkSupported(port, 'protocol', child(p, 'protocol'), SUPPORTED_PORT_PROTOCOLS, errs);
  }
}

function validateEnv(container: Json, path: string, errs: Errs): void {
  for (const [env, i] of getObjectList(container, 'env', path, errs)) {
    const p = child(index(path, i), 'name');
    const name = getString(env, 'name', p, errs);
    if (!name) {
      if (env['name'] === undefined || env['name'] === null || env['name'] === '') errs.push(fieldErrors.required(p));
    } else {
      invalidEach(errs, p, name, isEnvVarName(name));
    }
    getString(env, 'value', child(index(path, i), 'value'), errs);
  }
}

function isStandardContainerResource(name: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-');
}

/** Parses every quantity of a requests/limits map; bad names and values are reported. */
function validateResourceList(resources: Json, k: 'requests' | 'limits', path: string, errs: Errs): Map<string, { raw: string | number; value: number }> {
  const out = new Map<string, { raw: string | number; value: number }>();
  const list = getObject(resources, k, path, errs);
  if (!list) return out;
  for (const [name, raw] of Object.entries(list)) {
    const p = key(path, name);
    if (name.includes('/')) invalidEach(errs, p, name, isQualifiedName(name));
    else if (!isStandardContainerResource(name)) errs.push(fieldErrors.invalid(p, name, 'must be a standard resource for containers'));
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      errs.push(fieldErrors.invalid(p, raw ?? null, 'must be a quantity (e.g. "100m", "128Mi", "2")'));
      continue;
    }
    let value: number;
    try {
      value = parseQuantity(raw);
    } catch (e) {
      errs.push(fieldErrors.invalid(p, raw, e instanceof Error ? e.message : String(e)));
      continue;
    }
    if (value < 0) {
      errs.push(fieldErrors.invalid(p, raw, 'must be greater than or equal to 0'));
      continue;
    }
    out.set(name, { raw, value });
  }
  return out;
}

function validateResources(container: Json, path: string, errs: Errs): void {
  const resources = getObject(container, 'resources', path, errs);
  if (!resources) return;
  const limits = validateResourceList(resources, 'limits', child(path, 'limits'), errs);
  const requests = validateResourceList(resources, 'requests', child(path, 'requests'), errs);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit && request.value > limit.value) {
      errs.push(fieldErrors.invalid(key(child(path, 'requests'), name), String(request.raw), `must be less than or equal to ${name} limit of ${String(limit.raw)}`));
    }
  }
}

function validateProbe(container: Json, k: string, path: string, errs: Errs): void {
  const probe = getObject(container, k, path, errs);
  if (!probe) return;
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) errs.push(fieldErrors.required(path, 'must specify a handler type'));
  for (const extra of handlers.slice(1)) errs.push(fieldErrors.forbidden(child(path, extra), 'may not specify more than 1 handler type'));
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds']) {
    validateNonnegative(errs, child(path, field), getInt(probe, field, child(path, field), errs));
  }
  for (const h of ['httpGet', 'tcpSocket', 'grpc']) {
    const action = getObject(probe, h, child(path, h), errs);
    if (action) validatePortNumOrName(action['port'], child(path, h, 'port'), errs);
  }
  const exec = getObject(probe, 'exec', child(path, 'exec'), errs);
  if (exec) {
    const command = getArray(exec, 'command', child(path, 'exec', 'command'), errs);
    if (!command || command.length === 0) errs.push(fieldErrors.required(child(path, 'exec', 'command')));
  }
}

function validateVolumeMounts(container: Json, path: string, volumes: Set<string>, errs: Errs): void {
  for (const [mount, i] of getObjectList(container, 'volumeMounts', path, errs)) {
    const p = index(path, i);
    const name = getString(mount, 'name', child(p, 'name'), errs);
    if (!name) errs.push(fieldErrors.required(child(p, 'name')));
    else if (!volumes.has(name)) errs.push(notFound(child(p, 'name'), name));
    const mountPath = getString(mount, 'mountPath', child(p, 'mountPath'), errs);
    if (!mountPath) errs.push(fieldErrors.required(child(p, 'mountPath')));
  }
}

/** Validates one container; `names` holds the names seen so far, for duplicates across the pod. */
function validateContainer(container: Json, path: string, names: Set<string>, volumes: Set<string>, errs: Errs): void {
  const namePath = child(path, 'name');
  const name = getString(container, 'name', namePath, errs);
  if (!name) {
    if (container['name'] === undefined || container['name'] === null || container['name'] === '') errs.push(fieldErrors.required(namePath));
  } else {
    const msgs = isDNS1123Label(name);
    if (msgs.length > 0) invalidEach(errs, namePath, name, msgs);
    else if (names.has(name)) errs.push(fieldErrors.duplicate(namePath, name));
    else names.add(name);
  }

  const imagePath = child(path, 'image');
  const image = getString(container, 'image', imagePath, errs);
  if (!image) {
    if (container['image'] === undefined || container['image'] === null || container['image'] === '') errs.push(fieldErrors.required(imagePath));
  } else if (image.trim() !== image) {
    errs.push(fieldErrors.invalid(imagePath, image, 'must not have leading or trailing whitespace'));
  }

  getArray(container, 'command', child(path, 'command'), errs);
  getArray(container, 'args', child(path, 'args'), errs);
  checkSupported(container, 'imagePullPolicy', child(path, 'imagePullPolicy'), PULL_POLICIES, errs);
  checkSupported(container, 'terminationMessagePolicy', child(path, 'terminationMessagePolicy'), TERMINATION_MESSAGE_POLICIES, errs);
  validateContainerPorts(container, child(path, 'ports'), errs);
  validateEnv(container, child(path, 'env'), errs);
  validateResources(container, child(path, 'resources'), errs);
  validateVolumeMounts(container, child(path, 'volumeMounts'), volumes, errs);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) validateProbe(container, probe, child(path, probe), errs);
}

function validateVolumes(spec: Json, path: string, errs: Errs): Set<string> {
  const names = new Set<string>();
  for (const [volume, i] of getObjectList(spec, 'volumes', path, errs)) {
    const p = child(index(path, i), 'name');
    const name = getString(volume, 'name', p, errs);
    if (!name) {
      errs.push(fieldErrors.required(p));
      continue;
    }
    const msgs = isDNS1123Label(name);
    if (msgs.length > 0) invalidEach(errs, p, name, msgs);
    else if (names.has(name)) errs.push(fieldErrors.duplicate(p, name));
    // A badly named volume still counts as declared, so mounts of it are not also reported.
    names.add(name);
    for (const kind of ['configMap', 'secret']) {
      const source = getObject(volume, kind, child(index(path, i), kind), errs);
      if (!source) continue;
      for (const [item, j] of getObjectList(source, 'items', child(index(path, i), kind, 'items'), errs)) {
        const keyPath = child(index(child(index(path, i), kind, 'items'), j), 'key');
        const k = getString(item, 'key', keyPath, errs);
        if (!k) errs.push(fieldErrors.required(keyPath));
        else invalidEach(errs, keyPath, k, isConfigMapKey(k));
      }
    }
  }
  return names;
}

/** Validates a pod spec at `path` ("spec", or "spec.template.spec" in workloads). */
export function validatePodSpec(specValue: unknown, path: string, errs: Errs): void {
  if (!isObject(specValue)) {
    if (specValue === undefined || specValue === null) errs.push(fieldErrors.required(child(path, 'containers')));
    else errs.push(fieldErrors.invalid(path, specValue, 'must be an object'));
    return;
  }
  const spec = specValue;
  const volumes = validateVolumes(spec, child(path, 'volumes'), errs);
  const names = new Set<string>();
  const containersPath = child(path, 'containers');
  const containers = getObjectList(spec, 'containers', containersPath, errs);
  const rawContainers = spec['containers'];
  if (rawContainers === undefined || rawContainers === null || (Array.isArray(rawContainers) && rawContainers.length === 0)) {
    errs.push(fieldErrors.required(containersPath));
  }
  for (const [c, i] of containers) validateContainer(c, index(containersPath, i), names, volumes, errs);
  const initPath = child(path, 'initContainers');
  for (const [c, i] of getObjectList(spec, 'initContainers', initPath, errs)) validateContainer(c, index(initPath, i), names, volumes, errs);

  checkSupported(spec, 'restartPolicy', child(path, 'restartPolicy'), RESTART_POLICIES, errs);
  checkSupported(spec, 'dnsPolicy', child(path, 'dnsPolicy'), DNS_POLICIES, errs);
  const nodeName = getString(spec, 'nodeName', child(path, 'nodeName'), errs);
  if (nodeName) invalidEach(errs, child(path, 'nodeName'), nodeName, isDNS1123Subdomain(nodeName));
  validateNonnegative(errs, child(path, 'terminationGracePeriodSeconds'), getInt(spec, 'terminationGracePeriodSeconds', child(path, 'terminationGracePeriodSeconds'), errs));
  const deadline = getInt(spec, 'activeDeadlineSeconds', child(path, 'activeDeadlineSeconds'), errs);
  if (deadline !== undefined && (deadline < 1 || deadline > 2147483647)) {
    errs.push(fieldErrors.invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, 2147483647)));
  }
  getObject(spec, 'nodeSelector', child(path, 'nodeSelector'), errs);
  getArray(spec, 'tolerations', child(path, 'tolerations'), errs);
}

/** A pod template at `path` (e.g. "spec.template"): its labels and annotations, then its spec. */
export function validatePodTemplateSpec(templateValue: unknown, path: string, errs: Errs): void {
  if (!isObject(templateValue)) {
    if (templateValue === undefined || templateValue === null) errs.push(fieldErrors.required(path));
    else errs.push(fieldErrors.invalid(path, templateValue, 'must be an object'));
    return;
  }
  const meta = getObject(templateValue, 'metadata', child(path, 'metadata'), errs);
  if (meta) validateLabelsAndAnnotations(meta, child(path, 'metadata'), errs);
  validatePodSpec(templateValue['spec'], child(path, 'spec'), errs);
}
