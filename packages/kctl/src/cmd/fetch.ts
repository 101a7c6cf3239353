// Fetching what resource arguments name: by name, or by listing with
// selectors, in one namespace, in all, or cluster-wide for cluster-scoped kinds.
import { apiVersionOf, isNotFound, KObject, ResourceInfo } from '@kctl/api';
import type { ApiClient } from '@kctl/client';
import { ResourceArgs } from '../resource-args';

export interface Target {
  info: ResourceInfo;
  /** Namespace to read from; ignored for cluster-scoped kinds. */
  namespace: string;
  /** Undefined: list every object of the kind (filtered by selectors). */
  name?: string;
}

export interface Selection {
  namespace: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
}

export function targetsFor(args: ResourceArgs, namespace: string): Target[] {
  const out: Target[] = [];
  for (const r of args.requests) {
    if (r.names.length === 0) out.push({ info: r.info, namespace });
    else for (const name of r.names) out.push({ info: r.info, namespace, name });
  }
  return out;
}

/** Objects from lists sometimes lack apiVersion/kind; kubectl always shows them. */
export function withTypeMeta<T extends KObject>(info: ResourceInfo, obj: T): T {
  if (obj.kind && obj.apiVersion) return obj;
  return { ...obj, apiVersion: obj.apiVersion || apiVersionOf(info), kind: obj.kind || info.kind };
}

export function listNamespace(info: ResourceInfo, sel: Selection): string {
  return !info.namespaced || sel.allNamespaces ? '' : sel.namespace;
}

export async function listObjects(client: ApiClient, info: ResourceInfo, sel: Selection): Promise<{ items: KObject[]; resourceVersion: string }> {
  const list = await client.listAll(info.resource, {
    namespace: listNamespace(info, sel),
    labelSelector: sel.labelSelector,
    fieldSelector: sel.fieldSelector,
  });
  return { items: list.items.map((o) => withTypeMeta(info, o)), resourceVersion: list.resourceVersion };
}

export async function getObject(client: ApiClient, info: ResourceInfo, namespace: string, name: string): Promise<KObject> {
  return withTypeMeta(info, await client.get(info.resource, info.namespaced ? namespace : '', name));
}

export interface FetchGroup {
  info: ResourceInfo;
  objects: KObject[];
  /** From the list, to watch from. */
  resourceVersion?: string;
}

/**
 * Fetches every target; objects of consecutive targets of one kind share a group.
 * Errors (NotFound for a name, ...) are collected, not thrown, so the rest still
 * prints, as kubectl does. Transport failures are thrown at once.
 */
export async function fetchTargets(
  client: ApiClient,
  targets: Target[],
  sel: Selection,
  options: { ignoreNotFound?: boolean } = {},
): Promise<{ groups: FetchGroup[]; errors: unknown[] }> {
  const groups: FetchGroup[] = [];
  const errors: unknown[] = [];
  for (const t of targets) {
    let group = groups[groups.length - 1];
    if (!group || group.info !== t.info) {
      group = { info: t.info, objects: [] };
      groups.push(group);
    }
    if (t.name === undefined) {
      const list = await listObjects(client, t.info, { ...sel, namespace: t.namespace });
      group.objects.push(...list.items);
      group.resourceVersion = list.resourceVersion;
      continue;
    }
    try {
      group.objects.push(await getObject(client, t.info, t.namespace, t.name));
    } catch (err) {
      if (isTransportError(err)) throw err;
      if (!(options.ignoreNotFound && isNotFound(err))) errors.push(err);
    }
  }
  return { groups, errors };
}

/** The client could not reach the server at all: no point trying other objects. */
export function isTransportError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return (
    (err instanceof Error && err.name === 'ConnectionError') ||
    message.startsWith('The connection to the server ') ||
    /did not answer in time$/.test(message)
  );
}
