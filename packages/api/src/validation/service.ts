// Services (core/validation's ValidateService, without IP-family and load-balancer details).
import { isIP } from 'node:net';
import { fieldErrors } from '../errors';
import { isDNS1123Label, isDNS1123Subdomain } from './names';
import { validateLabels } from './meta';
import { SUPPORTED_PORT_PROTOCOLS, validatePortNumOrName } from './pod';
import { child, Errs, getArray, getInt, getObjectList, getString, getStringMap, index, invalidEach, Json } from './util';
import { isObject } from '../types';

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

function checkSupported(o: Json, k: string, path: string, allowed: string[], errs: Errs): string | undefined {
  const value = getString(o, k, path, errs);
  if (value !== undefined && !allowed.includes(value)) errs.push(fieldErrors.notSupported(path, value, allowed));
  return value;
}

function validateServicePorts(spec: Json, type: string, errs: Errs): void {
  const path = 'spec.ports';
  const ports = getObjectList(spec, 'ports', path, errs);
  const names = new Set<string>();
  const nodePorts = new Set<string>();
  const requireName = ports.length > 1;
  for (const [port, i] of ports) {
    const p = index(path, i);
    const name = getString(port, 'name', child(p, 'name'), errs);
    if (!name) {
      if (requireName) errs.push(fieldErrors.required(child(p, 'name')));
    } else {
      invalidEach(errs, child(p, 'name'), name, isDNS1123Label(name));
      if (names.has(name)) errs.push(fieldErrors.duplicate(child(p, 'name'), name));
      else names.add(name);
    }

    const portPath = child(p, 'port');
    const number = getInt(port, 'port', portPath, errs);
    if (number === undefined) {
      if (port['port'] === undefined || port['port'] === null) errs.push(fieldErrors.required(portPath));
    } else if (number < 1 || number > 65535) {
      errs.push(fieldErrors.invalid(portPath, number, 'must be between 1 and 65535, inclusive'));
    }

    const protocol = checkSupported(port, 'protocol', child(p, 'protocol'), SUPPORTED_PORT_PROTOCOLS, errs) ?? 'TCP';

    const target = port['targetPort'];
    // Absent, 0 and "" are replaced by `port` when defaulting.
    if (target !== undefined && target !== null && target !== 0 && target !== '') validatePortNumOrName(target, child(p, 'targetPort'), errs);

    const nodePortPath = child(p, 'nodePort');
    const nodePort = getInt(port, 'nodePort', nodePortPath, errs);
    if (nodePort !== undefined && nodePort !== 0) {
      if (type === 'ClusterIP') {
        errs.push(fieldErrors.forbidden(nodePortPath, "may not be used when `type` is 'ClusterIP'"));
      } else if (nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max) {
        errs.push(
          fieldErrors.invalid(
            nodePortPath,
            nodePort,
            `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
          ),
        );
      } else {
        const id = `${nodePort}/${protocol}`;
        if (nodePorts.has(id)) errs.push(fieldErrors.duplicate(nodePortPath, nodePort));
        nodePorts.add(id);
      }
    }
  }
}

export function validateService(obj: Json, errs: Errs): void {
  const specValue = obj['spec'];
  if (!isObject(specValue)) {
    if (specValue === undefined || specValue === null) errs.push(fieldErrors.required('spec.ports'));
    else errs.push(fieldErrors.invalid('spec', specValue, 'must be an object'));
    return;
  }
  const spec = specValue;
  const type = checkSupported(spec, 'type', 'spec.type', SERVICE_TYPES, errs) ?? 'ClusterIP';
  const clusterIP = getString(spec, 'clusterIP', 'spec.clusterIP', errs);
  const headless = clusterIP === 'None';

  const rawPorts = spec['ports'];
  const noPorts = rawPorts === undefined || rawPorts === null || (Array.isArray(rawPorts) && rawPorts.length === 0);
  if (noPorts && type !== 'ExternalName' && !headless) errs.push(fieldErrors.required('spec.ports'));
  validateServicePorts(spec, type, errs);

  if (type === 'ExternalName') {
    const externalName = getString(spec, 'externalName', 'spec.externalName', errs);
    if (!externalName) {
      errs.push(fieldErrors.required('spec.externalName'));
    } else {
      const trimmed = externalName.endsWith('.') ? externalName.slice(0, -1) : externalName;
      invalidEach(errs, 'spec.externalName', externalName, isDNS1123Subdomain(trimmed));
    }
  }

  if (clusterIP && !headless && isIP(clusterIP) === 0) {
    errs.push(fieldErrors.invalid('spec.clusterIP', clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  }
  const externalIPs = getArray(spec, 'externalIPs', 'spec.externalIPs', errs) ?? [];
  externalIPs.forEach((ip, i) => {
    if (typeof ip !== 'string' || isIP(ip) === 0) {
      errs.push(fieldErrors.invalid(index('spec.externalIPs', i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  });

  const selector = getStringMap(spec, 'selector', 'spec.selector', errs);
  if (selector) validateLabels(selector, 'spec.selector', errs);
  checkSupported(spec, 'sessionAffinity', 'spec.sessionAffinity', ['ClientIP', 'None'], errs);
  checkSupported(spec, 'externalTrafficPolicy', 'spec.externalTrafficPolicy', ['Cluster', 'Local'], errs);
  checkSupported(spec, 'internalTrafficPolicy', 'spec.internalTrafficPolicy', ['Cluster', 'Local'], errs);
}
