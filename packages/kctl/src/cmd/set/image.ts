// kctl set image (TYPE NAME | TYPE/NAME | -f FILE | -l SEL | --all) CONTAINER=IMAGE ... (or *=IMAGE):
// changes container images in pods, and in the pod templates of deployments
// and replicasets. Sent as a merge patch of the container lists carrying the
// resourceVersion read, recomputed on Conflict, so concurrent edits of other
// container fields are never overwritten.
import { deepCopy, isConflict, KObject, qualifiedResource } from '@kctl/api';
import { CliError, ErrorList } from '../../errors';
import { Factory } from '../../factory';
import { isRecord } from '../../util/json';
import { BuilderOptions, buildResources, checkBuilderArgs, itemOf, ResourceItem } from '../builder';
import { VerbOptions } from '../context';
import { getObject, isTransportError } from '../fetch';
import { OperationFormat, parseOperationOutput, printOperation } from '../operation-printer';
import { parsePairs, splitResourcesAndPairs } from '../pairs';

export interface SetImageFlags {
  selector?: string;
  all?: boolean;
  filename?: string[];
  recursive?: boolean;
  output?: string;
}

interface ContainerLike {
  name?: unknown;
  image?: unknown;
}

/** Where the pod spec of an object of this kind lives. */
export function podSpecPath(kind: string): string[] | undefined {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'Deployment' || kind === 'ReplicaSet') return ['spec', 'template', 'spec'];
  return undefined;
}

function podSpecOf(obj: KObject, path: string[]): Record<string, unknown> | undefined {
  let cur: unknown = obj;
  for (const p of path) cur = isRecord(cur) ? cur[p] : undefined;
  return isRecord(cur) ? cur : undefined;
}

function setImage(containers: unknown, name: string, image: string): boolean {
  if (!Array.isArray(containers)) return false;
  let found = false;
  for (const c of containers as ContainerLike[]) {
    if (c.name === name || name === '*') {
      c.image = image;
      found = true;
    }
  }
  return found;
}

export interface ImageUpdate {
  /** The object with the new images (a copy). */
  updated: KObject;
  /** Names no container or init container had. */
  missing: string[];
  changed: boolean;
}

/** Applies CONTAINER=IMAGE pairs to a copy of obj, as kubectl's setImage does. */
export function applyImages(obj: KObject, images: Map<string, string>): ImageUpdate {
  const path = podSpecPath(obj.kind);
  if (!path) throw new CliError('the object is not a pod or does not have a pod template');
  const updated = deepCopy(obj);
  const spec = podSpecOf(updated, path);
  const missing: string[] = [];
  for (const [name, image] of images) {
    const inInit = setImage(spec?.initContainers, name, image);
    const inMain = setImage(spec?.containers, name, image);
    if (!inInit && !inMain) missing.push(name);
  }
  const before = podSpecOf(obj, path);
  const changed = JSON.stringify(before?.containers) !== JSON.stringify(spec?.containers) || JSON.stringify(before?.initContainers) !== JSON.stringify(spec?.initContainers);
  return { updated, missing, changed };
}

/** The merge patch that sends the changed container lists, pinned to the object's resourceVersion. */
export function imagePatch(obj: KObject, updated: KObject): Record<string, unknown> {
  const path = podSpecPath(obj.kind)!;
  const spec = podSpecOf(updated, path) ?? {};
  const leaf: Record<string, unknown> = { containers: spec.containers };
  if (spec.initContainers !== undefined) leaf.initContainers = spec.initContainers;
  let patch: Record<string, unknown> = leaf;
  for (const p of [...path].reverse()) patch = { [p]: patch };
  patch.metadata = { resourceVersion: obj.metadata.resourceVersion };
  return patch;
}

const CONFLICT_RETRIES = 5;

export class SetImageOptions implements VerbOptions {
  images = new Map<string, string>();
  resources: string[] = [];
  builder: BuilderOptions = { args: [] };
  format: OperationFormat = { type: 'operation' };
  flags: SetImageFlags = {};

  constructor(private readonly f: Factory) {}

  complete(args: string[], flags: SetImageFlags): void {
    this.flags = flags;
    const { resources, pairs } = splitResourcesAndPairs(args, 'image');
    this.resources = resources;
    this.images = parsePairs(pairs, 'image', false).set;
    this.format = parseOperationOutput(flags.output);
    this.builder = { args: resources, filenames: flags.filename, recursive: flags.recursive, selector: flags.selector, all: flags.all };
  }

  validate(): void {
    const problems: string[] = [];
    if (this.flags.all && this.flags.selector) problems.push('cannot set --all and --selector at the same time');
    if (this.resources.length < 1 && !this.flags.filename?.length) problems.push('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (this.images.size < 1) problems.push('at least one image update is required');
    else if (this.images.size > 1 && this.images.has('*')) problems.push('all containers are already specified by *, but saw more than one container_name=container_image pairs');
    if (problems.length === 1) throw new CliError(problems[0]!);
    if (problems.length > 1) throw new CliError(`[${problems.join(', ')}]`);
    checkBuilderArgs(this.builder);
  }

  async run(): Promise<void> {
    const { items, errors } = await buildResources(this.f, this.builder);
    for (const item of items) {
      try {
        const result = await this.updateOne(item);
        errors.push(...result.missing.map((name) => new CliError(`unable to find container named "${name}"`)));
        if (result.object) printOperation(this.f.io.stdout, this.format, item.info, result.object, 'image updated');
      } catch (err) {
        if (isTransportError(err)) throw err;
        errors.push(err);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }

  /** Patches one object; returns it when something changed. */
  private async updateOne(start: ResourceItem): Promise<{ object?: KObject; missing: string[] }> {
    let item = start;
    for (let attempt = 1; ; attempt++) {
      let update: ImageUpdate;
      try {
        update = applyImages(item.object, this.images);
      } catch (err) {
        throw new CliError(`${qualifiedResource(item.info)}/${item.name} ${(err as Error).message}`);
      }
      if (!update.changed) return { missing: update.missing };
      try {
        const patched = await this.f.client().patch(item.info.resource, item.namespace, item.name, imagePatch(item.object, update.updated));
        return { object: patched, missing: update.missing };
      } catch (err) {
        if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw new CliError(`failed to patch image update to pod template: ${formatServerError(err)}`);
      }
      item = itemOf(item.info, await getObject(this.f.client(), item.info, item.namespace, item.name));
    }
  }
}

function formatServerError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
