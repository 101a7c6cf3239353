// Checks the ObjectRef of every request once, before anything reaches the
// registry: the resource must be served, the namespace and name well-formed and
// bounded. Names follow Kubernetes' store (NamespaceKeyFunc): a namespaced name
// needs a namespace, and a name is one path segment.
import { badRequest, isDNS1123Label, isObject, StatusError } from '@kctl/api';
import { GenericStore } from './registry/generic-store';
import { Registry } from './registry/registry';

/** No kind has names longer than a DNS-1123 subdomain. */
export const MAX_NAME_BYTES = 253;
/** Selectors are parsed on every request; longer ones are refused before parsing. */
export const MAX_SELECTOR_BYTES = 16 * 1024;

export interface Target {
  store: GenericStore;
  /** "" for cluster-scoped kinds; for namespaced ones "" means every namespace (list, watch) or the object's own (writes). */
  namespace: string;
  name: string;
  subresource: string;
}

/** How a verb uses ref.name: Get, Patch and Delete name one object; List and Watch ignore it; writes take it from the body. */
export type NameUse = 'required' | 'ignored' | 'fromBody';

function stringField(ref: Record<string, unknown>, field: string): string {
  const value = ref[field] ?? '';
  if (typeof value !== 'string') throw badRequest(`ref.${field} must be a string`);
  if (Buffer.byteLength(value) > MAX_NAME_BYTES) throw badRequest(`ref.${field} is too long: must be no more than ${MAX_NAME_BYTES} bytes`);
  return value;
}

/** Kubernetes' IsValidPathSegmentName. */
function pathSegmentProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((ch) => name.includes(ch)).map((ch) => `may not contain '${ch}'`);
}

export function resolveTarget(registry: Registry, ref: unknown, nameUse: NameUse): Target {
  if (!isObject(ref)) throw badRequest('the request has no ref: name the resource (and namespace and name) it is about');
  const resource = stringField(ref, 'resource');
  const namespace = stringField(ref, 'namespace');
  const name = stringField(ref, 'name');
  const subresource = stringField(ref, 'subresource');
  if (resource === '') throw new StatusError('NotFound', 'the server could not find the requested resource: ref.resource is empty', { name: '' });
  const store = registry.store(resource);

  if (store.info.namespaced && namespace !== '') {
    const problems = isDNS1123Label(namespace);
    if (problems.length) throw badRequest(`Namespace parameter invalid: ${JSON.stringify(namespace)}: ${problems.join('; ')}`);
  }
  if (nameUse === 'required') {
    if (store.info.namespaced && namespace === '') throw badRequest('Namespace parameter required.');
    if (name === '') throw badRequest('Name parameter required.');
  }
  if (nameUse !== 'ignored' && name !== '') {
    const problems = pathSegmentProblems(name);
    if (problems.length) throw badRequest(`Name parameter invalid: ${JSON.stringify(name)}: ${problems.join('; ')}`);
  }
  return { store, namespace: store.info.namespaced ? namespace : '', name: nameUse === 'ignored' ? '' : name, subresource };
}

/** Refuses selectors too long to be anything but a mistake or an attack, before they are parsed. */
export function checkSelectorSizes(labelSelector: unknown, fieldSelector: unknown): { labelSelector: string; fieldSelector: string } {
  const out = { labelSelector: labelSelector ?? '', fieldSelector: fieldSelector ?? '' };
  for (const [field, value] of Object.entries(out)) {
    if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
    if (Buffer.byteLength(value) > MAX_SELECTOR_BYTES) throw badRequest(`${field} is too long: must be no more than ${MAX_SELECTOR_BYTES} bytes`);
  }
  return out as { labelSelector: string; fieldSelector: string };
}
