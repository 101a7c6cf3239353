// kctl get: fetch objects by type/name/selector and print them as a table,
// YAML, JSON, names or a JSONPath template; optionally keep watching.
import { KObject, resourceForKind } from '@kctl/api';
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { readManifests } from '../../manifests/read';
import { OutputFormat, parseOutputFormat } from '../../printers/format';
import { asList, objectPrinter } from '../../printers/objects';
import { TablePrinter } from '../../printers/table';
import { parseResourceArgs, ResourceArgs } from '../../resource-args';
import { VerbOptions } from '../context';
import { fetchTargets, FetchGroup, Selection, Target, targetsFor } from '../fetch';
import { watchAndPrint } from './watch';

export interface GetFlags {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  watchOnly?: boolean;
  showLabels?: boolean;
  showKind?: boolean;
  noHeaders?: boolean;
  labelColumns?: string[];
  outputWatchEvents?: boolean;
  ignoreNotFound?: boolean;
  filename?: string[];
  recursive?: boolean;
}

export class GetOptions implements VerbOptions {
  format: OutputFormat = { type: 'table', wide: false };
  resources: ResourceArgs = { requests: [], singleItemImplied: false, multipleTypes: false };
  targets: Target[] = [];
  selection: Selection = { namespace: 'default' };
  flags: GetFlags = {};

  constructor(private readonly f: Factory) {}

  async complete(args: string[], flags: GetFlags): Promise<void> {
    this.flags = flags;
    this.format = parseOutputFormat(flags.output);
    const namespace = this.f.namespace();
    this.selection = {
      namespace,
      allNamespaces: flags.allNamespaces,
      labelSelector: flags.selector,
      fieldSelector: flags.fieldSelector,
    };
    if (flags.filename?.length) {
      const manifests = await readManifests(flags.filename, { recursive: flags.recursive, stdin: this.f.io.stdin, cwd: this.f.cwd });
      const targets: Target[] = [];
      for (const { object, source } of manifests) {
        const info = resourceForKind(object.apiVersion, object.kind);
        if (!info) throw new CliError(`resource mapping not found for name: "${nameOf(object)}" namespace: "" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
        const ns = typeof (object.metadata as { namespace?: unknown } | undefined)?.namespace === 'string' ? String((object.metadata as { namespace: string }).namespace) : namespace;
        targets.push({ info, namespace: ns, name: nameOf(object) });
      }
      this.targets = targets;
      this.resources = { requests: [], singleItemImplied: targets.length === 1, multipleTypes: new Set(targets.map((t) => t.info)).size > 1 };
      return;
    }
    this.resources = parseResourceArgs(args);
    this.targets = targetsFor(this.resources, namespace);
  }

  validate(): void {
    if (this.targets.length === 0) {
      throw new UsageError(
        'You must specify the type of resource to get. Use "kctl api-resources" for a complete list of supported resources.',
        'kctl get',
      );
    }
    const named = this.targets.some((t) => t.name !== undefined);
    if (named && this.flags.selector && !this.flags.filename?.length) throw new CliError('name cannot be provided when a selector is specified');
    if (named && this.flags.allNamespaces && !this.flags.filename?.length) {
      throw new CliError('a resource cannot be retrieved by name across all namespaces');
    }
    if ((this.flags.watch || this.flags.watchOnly) && (new Set(this.targets.map((t) => t.info)).size > 1 || this.targets.filter((t) => t.name !== undefined).length > 1)) {
      throw new CliError(`watch is only supported on individual resources and resource collections, but ${this.targets.length} resources were found`);
    }
  }

  async run(): Promise<void> {
    if (this.flags.watch || this.flags.watchOnly) {
      await watchAndPrint(this.f, this.targets[0]!, this.selection, this.format, this.flags);
      return;
    }
    const { groups, errors } = await fetchTargets(this.f.client(), this.targets, this.selection, { ignoreNotFound: this.flags.ignoreNotFound });
    if (this.format.type === 'table') this.printTable(groups, errors);
    else this.printObjects(groups, errors);
    if (errors.length) throw new ErrorList(errors);
  }

  private printTable(groups: FetchGroup[], errors: unknown[]): void {
    const format = this.format as Extract<OutputFormat, { type: 'table' }>;
    const table = new TablePrinter(this.f.io.stdout, {
      wide: format.wide,
      noHeaders: this.flags.noHeaders,
      showKind: this.resources.multipleTypes || Boolean(this.flags.showKind),
      showLabels: this.flags.showLabels,
      labelColumns: this.flags.labelColumns,
      now: () => this.f.now(),
    });
    let printed = 0;
    for (const g of groups) {
      table.print(g.info, g.objects, undefined, Boolean(this.flags.allNamespaces) && g.info.namespaced);
      printed += g.objects.length;
    }
    if (printed === 0 && errors.length === 0 && !this.flags.ignoreNotFound) {
      const allNamespaced = !this.flags.allNamespaces && groups.every((g) => g.info.namespaced);
      this.f.io.stderr.write(allNamespaced ? `No resources found in ${this.selection.namespace} namespace.\n` : 'No resources found\n');
    }
  }

  private printObjects(groups: FetchGroup[], errors: unknown[]): void {
    const objects: KObject[] = groups.flatMap((g) => g.objects);
    const printer = objectPrinter(this.format as Exclude<OutputFormat, { type: 'table' }>, this.f.io.stdout);
    if (this.resources.singleItemImplied) {
      if (errors.length) return; // the NotFound error alone is reported
      if (objects.length === 1) {
        printer.print(objects[0]);
        return;
      }
    }
    if (objects.length === 0 && this.flags.ignoreNotFound) return;
    printer.print(asList(objects));
  }
}

function nameOf(object: Record<string, unknown>): string {
  const md = object.metadata as { name?: unknown } | undefined;
  return typeof md?.name === 'string' ? md.name : '';
}
