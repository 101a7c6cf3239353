// What kubectl's resource.Builder does for the verbs that change existing
// objects (scale, set, label, rollout, ...): turn TYPE NAME, TYPE/NAME, -f
// files, -l/--all into the live objects, each read fresh from the server.
// A name that is not found is an error for that name only; the others go on.
import { KObject, resourceForKind, ResourceInfo } from '@kctl/api';
import { CliError } from '../errors';
import { Factory } from '../factory';
import { readManifests } from '../manifests/read';
import { parseResourceArgs } from '../resource-args';
import { getObject, isTransportError, listObjects, Target, targetsFor } from './fetch';

export interface BuilderOptions {
  args: string[];
  filenames?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
}

export interface ResourceItem {
  info: ResourceInfo;
  /** "" for cluster-scoped kinds. */
  namespace: string;
  name: string;
  object: KObject;
}

export interface BuildResult {
  items: ResourceItem[];
  /** Per-object failures (NotFound, ...), in order. */
  errors: unknown[];
  /** Exactly one object was named. */
  singleItemImplied: boolean;
}

/** resource.Builder's error when nothing names a resource. */
export const MISSING_RESOURCE_MESSAGE =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** Throws kubectl's errors for argument combinations the builder refuses. */
export function checkBuilderArgs(o: BuilderOptions): void {
  const fromFiles = Boolean(o.filenames?.length);
  if (!fromFiles && o.args.length === 0) throw new CliError(MISSING_RESOURCE_MESSAGE);
  if (fromFiles) return;
  const parsed = parseResourceArgs(o.args);
  const named = parsed.requests.some((r) => r.names.length > 0);
  if (named && (o.selector || o.all)) throw new CliError('name cannot be provided when a selector is specified');
  if (!named && !o.selector && !o.all && !o.fieldSelector) throw new CliError('resource(s) were provided, but no name was specified');
}

export async function buildResources(f: Factory, o: BuilderOptions): Promise<BuildResult> {
  const client = f.client();
  const namespace = f.namespace();
  const targets: Target[] = [];
  let singleItemImplied = false;
  if (o.filenames?.length) {
    const manifests = await readManifests(o.filenames, { recursive: o.recursive, stdin: f.io.stdin, cwd: f.cwd });
    for (const { object, source } of manifests) {
      const info = resourceForKind(object.apiVersion, object.kind);
      const md = (object.metadata ?? {}) as { name?: string; namespace?: string };
      if (!info) {
        throw new CliError(`resource mapping not found for name: "${md.name ?? ''}" namespace: "${md.namespace ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
      }
      targets.push({ info, namespace: md.namespace ?? namespace, name: md.name ?? '' });
    }
    singleItemImplied = targets.length === 1;
  } else {
    const parsed = parseResourceArgs(o.args);
    singleItemImplied = parsed.singleItemImplied;
    targets.push(...targetsFor(parsed, namespace));
  }
  const items: ResourceItem[] = [];
  const errors: unknown[] = [];
  for (const t of targets) {
    if (t.name === undefined) {
      const list = await listObjects(client, t.info, { namespace: t.namespace, allNamespaces: o.allNamespaces, labelSelector: o.selector, fieldSelector: o.fieldSelector });
      for (const object of list.items) items.push(itemOf(t.info, object));
      continue;
    }
    try {
      items.push(itemOf(t.info, await getObject(client, t.info, t.namespace, t.name)));
    } catch (err) {
      if (isTransportError(err)) throw err;
      errors.push(err);
    }
  }
  return { items, errors, singleItemImplied };
}

export function itemOf(info: ResourceInfo, object: KObject): ResourceItem {
  return { info, namespace: info.namespaced ? (object.metadata.namespace ?? '') : '', name: object.metadata.name ?? '', object };
}
