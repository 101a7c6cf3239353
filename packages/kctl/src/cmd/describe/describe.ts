// kctl describe: a readable report of objects and their recent events. A name
// that matches nothing exactly describes every object whose name starts with
// it, as kubectl does.
import { isNotFound, KObject, resourceForKind, ResourceInfo } from '@kctl/api';
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { readManifests } from '../../manifests/read';
import { parseResourceArgs } from '../../resource-args';
import { VerbOptions } from '../context';
import { getObject, isTransportError, listObjects, Selection, Target, targetsFor } from '../fetch';
import { describerFor } from './describers';

export interface DescribeFlags {
  selector?: string;
  allNamespaces?: boolean;
  showEvents?: boolean;
  filename?: string[];
  recursive?: boolean;
}

export class DescribeOptions implements VerbOptions {
  targets: Target[] = [];
  selection: Selection = { namespace: 'default' };
  flags: DescribeFlags = {};

  constructor(private readonly f: Factory) {}

  async complete(args: string[], flags: DescribeFlags): Promise<void> {
    this.flags = flags;
    const namespace = this.f.namespace();
    this.selection = { namespace, allNamespaces: flags.allNamespaces, labelSelector: flags.selector };
    if (flags.filename?.length) {
      for (const { object, source } of await readManifests(flags.filename, { recursive: flags.recursive, stdin: this.f.io.stdin, cwd: this.f.cwd })) {
        const info = resourceForKind(object.apiVersion, object.kind);
        if (!info) throw new CliError(`no matches for kind "${object.kind}" in version "${object.apiVersion}" (from "${source}")`);
        const md = (object.metadata ?? {}) as { name?: string; namespace?: string };
        this.targets.push({ info, namespace: md.namespace ?? namespace, name: md.name ?? '' });
      }
      return;
    }
    this.targets = targetsFor(parseResourceArgs(args), namespace);
  }

  validate(): void {
    if (this.targets.length === 0) {
      throw new UsageError('You must specify the type of resource to describe. Use "kctl api-resources" for a complete list of supported resources.', 'kctl describe');
    }
  }

  /** The object named, or every object whose name starts with the name. */
  private async resolve(t: Target): Promise<KObject[]> {
    const client = this.f.client();
    if (t.name === undefined) return (await listObjects(client, t.info, { ...this.selection, namespace: t.namespace })).items;
    try {
      return [await getObject(client, t.info, t.namespace, t.name)];
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const all = await listObjects(client, t.info, { ...this.selection, namespace: t.namespace, labelSelector: undefined });
      const matches = all.items.filter((o) => (o.metadata.name ?? '').startsWith(t.name!));
      if (matches.length === 0) throw err;
      return matches;
    }
  }

  async run(): Promise<void> {
    const out = this.f.io.stdout;
    const errors: unknown[] = [];
    let first = true;
    let found = 0;
    const ctx = { client: this.f.client(), now: this.f.now(), showEvents: this.flags.showEvents !== false };
    for (const t of this.targets) {
      let objects: KObject[];
      try {
        objects = await this.resolve(t);
      } catch (err) {
        if (isTransportError(err)) throw err;
        errors.push(err);
        continue;
      }
      for (const obj of objects) {
        const text = await describerFor(t.info.kind)(obj, t.info as ResourceInfo, ctx);
        out.write(first ? text : `\n\n${text}`);
        first = false;
        found++;
      }
    }
    if (found === 0 && errors.length === 0) {
      const namespaced = !this.flags.allNamespaces && this.targets.every((t) => t.info.namespaced);
      this.f.io.stderr.write(namespaced ? `No resources found in ${this.selection.namespace} namespace.\n` : 'No resources found\n');
    }
    if (errors.length) throw new ErrorList(errors);
  }
}
