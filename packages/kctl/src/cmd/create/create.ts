// kctl create -f: create every object (AlreadyExists is an error, unlike apply);
// --save-config records last-applied so a later apply merges cleanly.
import { KObject, StatusError } from '@kctl/api';
import { withLastApplied } from '../../apply/last-applied';
import { CliError, ErrorList, withSource } from '../../errors';
import { Factory } from '../../factory';
import { readManifests, SourcedManifest } from '../../manifests/read';
import { kindSlashName, objectPrinter } from '../../printers/objects';
import { parseOutputFormat } from '../../printers/format';
import { VerbOptions } from '../context';
import { isTransportError } from '../fetch';
import { prepareObject } from '../manifest-objects';
import { dryRunSuffix, parseDryRun } from '../apply/apply';

export interface CreateFlags {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  saveConfig?: boolean;
  output?: string;
}

export class CreateOptions implements VerbOptions {
  manifests: SourcedManifest[] = [];
  flags: CreateFlags = {};

  constructor(private readonly f: Factory) {}

  async complete(flags: CreateFlags): Promise<void> {
    this.flags = flags;
    if (flags.filename?.length) {
      this.manifests = await readManifests(flags.filename, { recursive: flags.recursive, stdin: this.f.io.stdin, cwd: this.f.cwd });
    }
  }

  validate(): void {
    if (!this.flags.filename?.length) throw new CliError('must specify one of -f and -k');
    parseDryRun(this.flags.dryRun);
    parseOutputFormat(this.flags.output);
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    const namespace = this.f.namespace();
    for (const m of this.manifests) {
      try {
        const p = prepareObject(m, namespace, this.f.namespaceExplicit());
        const body = this.flags.saveConfig ? (withLastApplied(p.object) as KObject) : p.object;
        await createAndPrint(this.f, p.info.resource, body, { namespace: p.namespace, dryRun: this.flags.dryRun, output: this.flags.output });
      } catch (err) {
        if (isTransportError(err)) throw err;
        errors.push(err instanceof StatusError ? withSource(err, 'creating', m.source) : err);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }
}

/** Creates one object and prints `kind/name created` (or the object with -o). */
export async function createAndPrint(f: Factory, resource: string, body: KObject, options: { namespace: string; dryRun?: string; output?: string }): Promise<void> {
  const dryRun = parseDryRun(options.dryRun);
  const created = dryRun === 'client' ? body : await f.client().create(resource, body, { namespace: options.namespace, dryRun: dryRun === 'server' });
  const format = parseOutputFormat(options.output);
  if (format.type === 'table') f.io.stdout.write(`${kindSlashName(created)} created${dryRunSuffix(dryRun)}\n`);
  else objectPrinter(format, f.io.stdout).print(created);
}
