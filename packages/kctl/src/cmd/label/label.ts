// kctl label / kctl annotate: set (KEY=VALUE) and remove (KEY-) labels or
// annotations on objects named by TYPE NAME, TYPE/NAME, -f, -l or --all, with
// kubectl's rules on overwriting and its messages. Each object gets one merge
// patch of only the keys that change (pinned to --resource-version if given).
import { isValidLabelValue, KObject } from '@kctl/api';
import { CliError, ErrorList } from '../../errors';
import { Factory } from '../../factory';
import { BuilderOptions, buildResources, checkBuilderArgs, ResourceItem } from '../builder';
import { VerbOptions } from '../context';
import { isTransportError } from '../fetch';
import { OperationFormat, parseOperationOutput, printOperation } from '../operation-printer';
import { parsePairs, splitResourcesAndPairs } from '../pairs';
import { parseDryRun } from '../apply/apply';

export type MetadataField = 'labels' | 'annotations';

export interface LabelFlags {
  overwrite?: boolean;
  list?: boolean;
  all?: boolean;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  filename?: string[];
  recursive?: boolean;
  resourceVersion?: string;
  output?: string;
  dryRun?: string;
}

export interface Changes {
  set: Map<string, string>;
  remove: string[];
}

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** kubectl label's parseLabels. */
export function parseLabelArgs(specs: string[]): Changes {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) throw new CliError(`invalid label spec: ${spec}`);
      const errs = isValidLabelValue(parts[1]!);
      if (errs.length) throw new CliError(`invalid label value: "${spec}": ${errs.join(';')}`);
      set.set(parts[0]!, parts[1]!);
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new CliError(`unknown label spec: ${spec}`);
    }
  }
  if (remove.some((k) => set.has(k))) throw new CliError('can not both modify and remove a label in the same command');
  return { set, remove };
}

/** kubectl annotate's parseAnnotations + validateAnnotations. */
export function parseAnnotationArgs(specs: string[]): Changes {
  const { set, remove } = parsePairs(specs, 'annotation', true);
  const both = remove.filter((k) => set.has(k));
  if (both.length) throw new CliError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
  return { set, remove };
}

/** The error for keys that would be overwritten without --overwrite, or undefined. */
export function overwriteProblem(field: MetadataField, current: Record<string, string> | undefined, changes: Changes): string | undefined {
  const have = current ?? {};
  if (field === 'labels') {
    const problems = [...changes.set].filter(([k, v]) => have[k] !== undefined && have[k] !== v).map(([k]) => `'${k}' already has a value (${have[k]}), and --overwrite is false`);
    if (problems.length === 0) return undefined;
    return problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
  }
  const found = [...changes.set.keys()].filter((k) => k !== CHANGE_CAUSE && have[k] !== undefined).map((k) => `'${k}' already has a value (${have[k]})`);
  return found.length ? `--overwrite is false but found the following declared annotation(s): ${found.join('; ')}` : undefined;
}

/** The map after the changes (undefined when it ends up empty, as Go's omitempty drops it). */
export function applyChanges(current: Record<string, string> | undefined, changes: Changes): Record<string, string> | undefined {
  const out = { ...current };
  for (const [k, v] of changes.set) out[k] = v;
  for (const k of changes.remove) delete out[k];
  return Object.keys(out).length ? out : undefined;
}

/** The merge patch for the keys that differ; undefined when nothing changes. */
export function metadataPatch(before: Record<string, string> | undefined, after: Record<string, string> | undefined): Record<string, string | null> | undefined {
  const patch: Record<string, string | null> = {};
  for (const k of Object.keys(before ?? {})) if (after?.[k] === undefined) patch[k] = null;
  for (const [k, v] of Object.entries(after ?? {})) if (before?.[k] !== v) patch[k] = v;
  return Object.keys(patch).length ? patch : undefined;
}

/**
 * kubectl label's message (1.32's updateDataChangeMsg): "not labeled" when
 * nothing changed, else "labeled" — or "unlabeled" when, without --overwrite,
 * the object got smaller.
 */
export function labelMessage(before: KObject, after: KObject, overwrite: boolean): string {
  const a = JSON.stringify(before);
  const b = JSON.stringify(after);
  if (a === b) return 'not labeled';
  return !overwrite && b.length < a.length ? 'unlabeled' : 'labeled';
}

function withMap(obj: KObject, field: MetadataField, value: Record<string, string> | undefined): KObject {
  const metadata = { ...obj.metadata };
  if (value) metadata[field] = value;
  else delete metadata[field];
  return { ...obj, metadata };
}

export class LabelOptions implements VerbOptions {
  changes: Changes = { set: new Map(), remove: [] };
  resources: string[] = [];
  builder: BuilderOptions = { args: [] };
  format: OperationFormat = { type: 'operation' };
  flags: LabelFlags = {};

  constructor(
    private readonly f: Factory,
    readonly field: MetadataField,
  ) {}

  private get noun(): string {
    return this.field === 'labels' ? 'label' : 'annotation';
  }

  complete(args: string[], flags: LabelFlags): void {
    this.flags = flags;
    const { resources, pairs } = splitResourcesAndPairs(args, this.noun);
    this.resources = resources;
    this.changes = this.field === 'labels' ? parseLabelArgs(pairs) : parseAnnotationArgs(pairs);
    if (flags.list && flags.output) throw new CliError('--list and --output may not be specified together');
    this.format = parseOperationOutput(flags.output);
    this.builder = {
      args: resources,
      filenames: flags.filename,
      recursive: flags.recursive,
      selector: flags.selector,
      fieldSelector: flags.fieldSelector,
      all: flags.all,
      allNamespaces: flags.allNamespaces,
    };
  }

  validate(): void {
    const f = this.flags;
    if (f.all && f.selector) throw new CliError('cannot set --all and --selector at the same time');
    if (f.all && f.fieldSelector) throw new CliError('cannot set --all and --field-selector at the same time');
    if (this.resources.length < 1 && !f.filename?.length) throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (this.changes.set.size < 1 && this.changes.remove.length < 1 && !f.list) throw new CliError(`at least one ${this.noun} update is required`);
    const dryRun = parseDryRun(f.dryRun);
    if (dryRun === 'server') throw new CliError(`--dry-run=server is not supported by kctl ${this.noun} (use none or client)`);
    checkBuilderArgs(this.builder);
  }

  async run(): Promise<void> {
    const { items, errors, singleItemImplied } = await buildResources(this.f, this.builder);
    if (!singleItemImplied && this.flags.resourceVersion) throw new CliError('--resource-version may only be used with a single resource');
    for (const item of items) {
      try {
        if (this.flags.list) this.list(item, singleItemImplied);
        else await this.update(item);
      } catch (err) {
        if (isTransportError(err)) throw err;
        errors.push(err);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }

  private list(item: ResourceItem, single: boolean): void {
    const out = this.f.io.stdout;
    const values = applyChanges(item.object.metadata[this.field], this.changes) ?? {};
    const indent = single ? '' : ' ';
    if (!single) out.write(`Listing ${this.field} for ${item.info.kind}.${item.info.group}/${item.name}:\n`);
    for (const k of Object.keys(values).sort()) out.write(`${indent}${k}=${values[k]}\n`);
  }

  private async update(item: ResourceItem): Promise<void> {
    const out = this.f.io.stdout;
    const before = item.object.metadata[this.field];
    if (this.field === 'labels') {
      for (const k of this.changes.remove) if (before?.[k] === undefined) out.write(`label "${k}" not found.\n`);
    }
    if (!this.flags.overwrite) {
      const problem = overwriteProblem(this.field, before, this.changes);
      if (problem) throw new CliError(problem);
    }
    const after = applyChanges(before, this.changes);
    const updated = withMap(item.object, this.field, after);
    const operation = this.field === 'labels' ? labelMessage(withMap(item.object, this.field, before && Object.keys(before).length ? before : undefined), updated, Boolean(this.flags.overwrite)) : 'annotated';
    const dryRun = parseDryRun(this.flags.dryRun) === 'client';
    const patch = metadataPatch(before, after);
    let result = updated;
    if (!dryRun && (patch || this.flags.resourceVersion)) {
      const metadata: Record<string, unknown> = { [this.field]: patch ?? {} };
      if (this.flags.resourceVersion) metadata.resourceVersion = this.flags.resourceVersion;
      result = await this.f.client().patch(item.info.resource, item.namespace, item.name, { metadata });
    }
    printOperation(out, this.format, item.info, result, dryRun ? `${operation} (dry run)` : operation);
  }
}
