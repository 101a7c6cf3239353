// kctl taint nodes NAME... KEY[=VALUE]:EFFECT ... KEY[:EFFECT]- ... [--overwrite] [-l SEL | --all]:
// kubectl's taint parsing, checks and bookkeeping (pkg/cmd/taint), written as
// a merge patch of spec.taints pinned to the resourceVersion read.
import { isConflict, isQualifiedName, isValidLabelValue, KObject, TAINT_EFFECTS } from '@kctl/api';
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { resolveType } from '../../resource-args';
import { BuilderOptions, buildResources, itemOf, ResourceItem } from '../builder';
import { VerbOptions } from '../context';
import { getObject, isTransportError } from '../fetch';
import { OperationFormat, parseOperationOutput, printOperation } from '../operation-printer';


export interface Taint {
  key: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

export interface TaintFlags {
  overwrite?: boolean;
  all?: boolean;
  selector?: string;
  output?: string;
}

const USAGE = 'kctl taint';

/** Resource words first, then taint changes (anything with "=", ":" or a trailing "-"). */
export function splitTaintArgs(args: string[]): { resources: string[]; taints: string[] } {
  const resources: string[] = [];
  const taints: string[] = [];
  for (const s of args) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) taints.push(s);
    else if (taints.length > 0) throw new CliError(`all resources must be specified before taint changes: ${s}`);
    else resources.push(s);
  }
  return { resources, taints };
}

function checkEffect(effect: string): void {
  if (!(TAINT_EFFECTS as readonly string[]).includes(effect)) throw new CliError(`invalid taint effect: ${effect}, unsupported taint effect`);
}

/** parseTaint: `key=value:Effect`, `key:Effect` or `key`. */
export function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) {
    key = parts[0]!;
  } else if (parts.length === 2) {
    effect = parts[1]!;
    checkEffect(effect);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new CliError(`invalid taint spec: ${spec}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = isValidLabelValue(value);
      if (errs.length) throw new CliError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else {
    throw new CliError(`invalid taint spec: ${spec}`);
  }
  const errs = isQualifiedName(key);
  if (errs.length) throw new CliError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
  const taint: Taint = { key };
  if (value) taint.value = value;
  if (effect) taint.effect = effect;
  return taint;
}

/** Go's %v of a v1.Taint: {key value NoSchedule <nil>}. */
const goTaint = (t: Taint): string => `{${t.key} ${t.value ?? ''} ${t.effect ?? ''} <nil>}`;

/** v1.Taint.ToString. */
export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** parseTaints: taints to add (effect required, unique by key and effect) and taints to remove. */
export function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push(t.effect ? { key: t.key, effect: t.effect } : { key: t.key });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new CliError(`invalid taint spec: ${spec}`);
    const id = `${t.effect}\u0000${t.key}`;
    if (seen.has(id)) throw new CliError(`duplicated taints with the same key and effect: ${goTaint(t)}`);
    seen.add(id);
    add.push(t);
  }
  return { add, remove };
}

/** Taints to add and remove may not touch the same key (and effect). */
export function conflictingTaints(add: Taint[], remove: Taint[]): string[] {
  const out: string[] = [];
  for (const a of add) for (const r of remove) if (a.key === r.key && (!r.effect || a.effect === r.effect)) out.push(`${r.key}=${r.effect ?? ''}`);
  return out;
}

const matches = (a: Taint, b: Taint): boolean => a.key === b.key && (a.effect ?? '') === (b.effect ?? '');

/** CheckIfTaintsAlreadyExists: keys of taints to add that the node has with the same effect. */
export function existingTaintKeys(current: Taint[], add: Taint[]): string {
  const keys: string[] = [];
  for (const t of add) for (const old of current) if (t.key === old.key && (t.effect ?? '') === (old.effect ?? '')) keys.push(t.key);
  return keys.join(',');
}

/** ReorganizeTaints: the node's new taints and the word kubectl prints ("tainted", "untainted", "modified"). */
export function reorganizeTaints(current: Taint[], overwrite: boolean, add: Taint[], remove: Taint[]): { operation: string; taints: Taint[] } {
  const next: Taint[] = add.map((t) => ({ ...t }));
  for (const old of current) if (!next.some((t) => matches(t, old))) next.push(old);
  const added = current.length !== next.length;
  const errors: string[] = [];
  let removed = false;
  let result = next;
  for (const r of remove) {
    const before = result.length;
    result = result.filter((t) => !(r.effect ? matches(r, t) : t.key === r.key));
    removed = result.length !== before;
    if (!removed) errors.push(`taint "${taintString(r)}" not found`);
  }
  if (errors.length) throw new CliError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
  const operation = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints: result };
}

const CONFLICT_RETRIES = 5;

export class TaintOptions implements VerbOptions {
  resources: string[] = [];
  add: Taint[] = [];
  remove: Taint[] = [];
  format: OperationFormat = { type: 'operation' };
  flags: TaintFlags = {};

  constructor(private readonly f: Factory) {}

  complete(args: string[], flags: TaintFlags): void {
    this.flags = flags;
    const { resources, taints } = splitTaintArgs(args);
    this.resources = resources;
    if (resources.length < 1) throw new CliError('one or more resources must be specified as <resource> <name>');
    if (taints.length < 1) throw new CliError('at least one taint update is required');
    try {
      ({ add: this.add, remove: this.remove } = parseTaints(taints));
    } catch (err) {
      throw new UsageError((err as Error).message, USAGE);
    }
    this.format = parseOperationOutput(flags.output);
  }

  validate(): void {
    const info = resolveType(this.resources[0]!);
    if (info.kind !== 'Node') throw new UsageError(`invalid resource type ${this.resources[0]}, only node types are supported`, USAGE);
    const conflicts = conflictingTaints(this.add, this.remove);
    if (conflicts.length) throw new UsageError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`, USAGE);
    if (this.flags.all && this.flags.selector) throw new UsageError("setting 'all' parameter with a non empty selector is prohibited", USAGE);
    if (!this.flags.all && !this.flags.selector && this.resources.length < 2) throw new UsageError("at least one resource name must be specified since 'all' parameter is not set", USAGE);
  }

  async run(): Promise<void> {
    const builder: BuilderOptions = this.flags.all || this.flags.selector ? { args: [this.resources[0]!], selector: this.flags.selector, all: this.flags.all } : { args: this.resources };
    const { items, errors } = await buildResources(this.f, builder);
    for (const item of items) {
      try {
        const { object, operation } = await this.taintOne(item);
        printOperation(this.f.io.stdout, this.format, item.info, object, operation);
      } catch (err) {
        if (isTransportError(err)) throw err;
        errors.push(err);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }

  private async taintOne(start: ResourceItem): Promise<{ object: KObject; operation: string }> {
    let item = start;
    for (let attempt = 1; ; attempt++) {
      const current = ((item.object.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
      if (!this.flags.overwrite) {
        const exists = existingTaintKeys(current, this.add);
        if (exists) throw new CliError(`node ${item.name} already has ${exists} taint(s) with same effect(s) and --overwrite is false`);
      }
      const { operation, taints } = reorganizeTaints(current, Boolean(this.flags.overwrite), this.add, this.remove);
      const patch = { metadata: { resourceVersion: item.object.metadata.resourceVersion }, spec: { taints: taints.length ? taints : null } };
      try {
        return { object: await this.f.client().patch('nodes', '', item.name, patch), operation };
      } catch (err) {
        if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
      }
      item = itemOf(item.info, await getObject(this.f.client(), item.info, '', item.name));
    }
  }
}
