// kctl apply -f: create what does not exist, three-way merge what does, and
// report each object as created / configured / unchanged. Failures of single
// objects are collected and printed at the end (exit 1), as kubectl does; a
// file that does not parse stops everything before anything is sent.
import { StatusError } from '@kctl/api';
import { ApplyStepError, applyObject, DryRun } from '../../apply/apply-object';
import { CliError, ErrorList, withSource } from '../../errors';
import { Factory } from '../../factory';
import { readManifests, SourcedManifest } from '../../manifests/read';
import { kindSlashName } from '../../printers/objects';
import { VerbOptions } from '../context';
import { isTransportError } from '../fetch';
import { prepareObject } from '../manifest-objects';

export interface ApplyFlags {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  output?: string;
  serverSide?: boolean;
}

export function parseDryRun(value: string | undefined): DryRun {
  switch (value ?? 'none') {
    case 'none':
    case 'false':
      return 'none';
    case 'client':
    case 'true':
      return 'client';
    case 'server':
      return 'server';
    default:
      throw new CliError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
  }
}

export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

export class ApplyOptions implements VerbOptions {
  manifests: SourcedManifest[] = [];
  dryRun: DryRun = 'none';
  flags: ApplyFlags = {};

  constructor(private readonly f: Factory) {}

  async complete(flags: ApplyFlags): Promise<void> {
    this.flags = flags;
    this.dryRun = parseDryRun(flags.dryRun);
    if (flags.filename?.length) {
      this.manifests = await readManifests(flags.filename, { recursive: flags.recursive, stdin: this.f.io.stdin, cwd: this.f.cwd });
    }
  }

  validate(): void {
    if (!this.flags.filename?.length) throw new CliError('must specify one of -f and -k');
    if (this.flags.serverSide) throw new CliError('--server-side is not supported by kctl; drop it to use client-side apply');
    if (this.flags.output && this.flags.output !== 'name') {
      throw new CliError(`unable to match a printer suitable for the output format "${this.flags.output}", allowed formats are: name`);
    }
    if (this.manifests.length === 0) throw new CliError('no objects passed to apply');
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    const out = this.f.io.stdout;
    const namespace = this.f.namespace();
    for (const m of this.manifests) {
      let prepared;
      try {
        prepared = prepareObject(m, namespace, this.f.namespaceExplicit());
      } catch (err) {
        errors.push(err);
        continue;
      }
      try {
        const { outcome } = await applyObject(this.f.client(), prepared.info, prepared.object, {
          dryRun: this.dryRun,
          warn: (message) => this.f.io.stderr.write(`${message}\n`),
        });
        const name = kindSlashName(prepared.object);
        out.write(this.flags.output === 'name' ? `${name}\n` : `${name} ${outcome}${dryRunSuffix(this.dryRun)}\n`);
      } catch (err) {
        const cause = err instanceof ApplyStepError ? err.original : err;
        if (isTransportError(cause)) throw cause;
        errors.push(err instanceof ApplyStepError && cause instanceof StatusError ? withSource(cause, err.step, m.source) : cause);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }
}
