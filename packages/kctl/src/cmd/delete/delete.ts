// kctl delete: by type and names, TYPE/NAME, -f manifests, -l selector or
// --all; then (by default) wait until the objects are gone.
import { isNotFound, KObject, qualifiedKind, resourceForKind } from '@kctl/api';
import type { DeleteOptions as ApiDeleteOptions } from '@kctl/client';
import { CliError, ErrorList, UsageError, withSource } from '../../errors';
import { Factory } from '../../factory';
import { readManifests } from '../../manifests/read';
import { parseResourceArgs } from '../../resource-args';
import { parseDuration } from '../../util/time';
import { VerbOptions } from '../context';
import { isTransportError, listObjects, Selection, Target, targetsFor } from '../fetch';
import { Deleted, waitForDeletion } from './wait';

export interface DeleteFlags {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  wait?: boolean;
  timeout?: string;
  ignoreNotFound?: boolean;
  cascade?: string;
  gracePeriod?: string;
  now?: boolean;
  force?: boolean;
  output?: string;
}

/** kubectl waits "forever" (a week) when --timeout is 0. */
const FOREVER_MS = 7 * 24 * 3600 * 1000;

interface DeleteTarget extends Target {
  source?: string;
}

export class DeleteOptions implements VerbOptions {
  targets: DeleteTarget[] = [];
  selection: Selection = { namespace: 'default' };
  flags: DeleteFlags = {};
  apiOptions: ApiDeleteOptions = {};
  timeoutMs = FOREVER_MS;
  private hasArgs = false;

  constructor(private readonly f: Factory) {}

  async complete(args: string[], flags: DeleteFlags): Promise<void> {
    this.flags = flags;
    this.hasArgs = args.length > 0;
    const namespace = this.f.namespace();
    this.selection = { namespace, allNamespaces: flags.allNamespaces, labelSelector: flags.selector, fieldSelector: flags.fieldSelector };
    this.apiOptions = { propagationPolicy: propagation(flags.cascade) };
    let grace = flags.gracePeriod !== undefined ? Number(flags.gracePeriod) : -1;
    if (Number.isNaN(grace)) throw new CliError(`invalid argument "${flags.gracePeriod}" for "--grace-period" flag`);
    if (flags.now) grace = 1;
    if (flags.force && grace < 0) grace = 0;
    if (grace >= 0) this.apiOptions.gracePeriodSeconds = grace;
    if (flags.timeout !== undefined) {
      try {
        const ms = parseDuration(flags.timeout);
        this.timeoutMs = ms <= 0 ? FOREVER_MS : ms;
      } catch {
        throw new CliError(`invalid argument "${flags.timeout}" for "--timeout" flag: time: invalid duration "${flags.timeout}"`);
      }
    }
    if (flags.filename?.length) {
      const manifests = await readManifests(flags.filename, { recursive: flags.recursive, stdin: this.f.io.stdin, cwd: this.f.cwd });
      for (const { object, source } of manifests) {
        const info = resourceForKind(object.apiVersion, object.kind);
        const md = (object.metadata ?? {}) as { name?: string; namespace?: string };
        if (!info) {
          throw new CliError(`resource mapping not found for name: "${md.name ?? ''}" namespace: "${md.namespace ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
        }
        this.targets.push({ info, namespace: md.namespace ?? namespace, name: md.name ?? '', source });
      }
      return;
    }
    this.targets = targetsFor(parseResourceArgs(args), namespace);
  }

  validate(): void {
    const f = this.flags;
    if (f.filename?.length && this.hasArgs) throw new CliError('there is no need to specify a resource type as a separate argument when passing arguments in resource/name form or -f');
    if (this.targets.length === 0) {
      throw new UsageError(
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    const named = this.targets.some((t) => t.name !== undefined);
    const unnamed = this.targets.some((t) => t.name === undefined);
    if (named && (f.all || f.selector)) throw new CliError('name cannot be provided when a selector is specified');
    if (unnamed && !f.all && !f.selector && !f.fieldSelector) throw new CliError('resource(s) were provided, but no name was specified');
    if (f.all && f.selector) throw new CliError('cannot set --all and --selector at the same time');
    if (f.output && f.output !== 'name') throw new CliError(`unable to match a printer suitable for the output format "${f.output}", allowed formats are: name`);
  }

  /** What to delete: named targets as they are, the rest listed by selector. */
  private async expand(): Promise<{ target: DeleteTarget; name: string; uid?: string }[]> {
    const out: { target: DeleteTarget; name: string; uid?: string }[] = [];
    for (const t of this.targets) {
      if (t.name !== undefined) {
        out.push({ target: t, name: t.name });
        continue;
      }
      const list = await listObjects(this.f.client(), t.info, { ...this.selection, namespace: t.namespace });
      for (const o of list.items) out.push({ target: { ...t, namespace: o.metadata.namespace ?? t.namespace }, name: o.metadata.name ?? '', uid: o.metadata.uid });
    }
    return out;
  }

  async run(): Promise<void> {
    const client = this.f.client();
    const out = this.f.io.stdout;
    const errors: unknown[] = [];
    const deleted: Deleted[] = [];
    const items = await this.expand();
    if (this.flags.force) {
      this.f.io.stderr.write(
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      );
    }
    let found = 0;
    for (const { target, name } of items) {
      const { info } = target;
      let result: KObject;
      try {
        result = await client.delete(info.resource, info.namespaced ? target.namespace : '', name, this.apiOptions);
      } catch (err) {
        if (isTransportError(err)) throw err;
        if (isNotFound(err) && this.flags.ignoreNotFound) continue;
        errors.push(target.source ? withSource(err, 'deleting', target.source) : err);
        continue;
      }
      found++;
      deleted.push({ info, namespace: target.namespace, name, uid: result.metadata?.uid });
      if (this.flags.output === 'name') out.write(`${qualifiedKind(info)}/${name}\n`);
      else out.write(`${qualifiedKind(info)} "${name}" ${this.flags.force ? 'force deleted' : 'deleted'}\n`);
    }
    if (found === 0 && errors.length === 0 && !this.targets.some((t) => t.name !== undefined) && !this.flags.ignoreNotFound) {
      out.write('No resources found\n');
    }
    if (this.flags.wait !== false && deleted.length > 0) {
      try {
        await waitForDeletion(client, deleted, { timeoutMs: this.timeoutMs, now: () => this.f.now(), signal: this.f.io.signal });
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }
}

function propagation(cascade: string | undefined): ApiDeleteOptions['propagationPolicy'] {
  switch ((cascade ?? 'background').toLowerCase()) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
    default:
      throw new CliError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
  }
}
