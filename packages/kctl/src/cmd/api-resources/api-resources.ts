// kctl api-resources: the resource types the server serves (Discovery).
import type { ResourceType } from '@kctl/client';
import { CliError } from '../../errors';
import { Factory } from '../../factory';
import { TABLE_OPTIONS, TabWriter } from '../../printers/tabwriter';
import { ALL_CATEGORY } from '../../resource-args';
import { VerbOptions } from '../context';

export interface ApiResourcesFlags {
  output?: string;
  namespaced?: string;
  apiGroup?: string;
  noHeaders?: boolean;
  sortBy?: string;
}

export class ApiResourcesOptions implements VerbOptions {
  constructor(
    private readonly f: Factory,
    private readonly flags: ApiResourcesFlags,
  ) {}

  validate(): void {
    const { output, sortBy, namespaced } = this.flags;
    if (output && output !== 'wide' && output !== 'name') throw new CliError(`--output ${output} is not available`);
    if (sortBy && sortBy !== 'name' && sortBy !== 'kind') throw new CliError(`--sort-by accepts only name or kind`);
    if (namespaced !== undefined && namespaced !== 'true' && namespaced !== 'false') throw new CliError(`invalid argument "${namespaced}" for "--namespaced" flag`);
  }

  async run(): Promise<void> {
    const { output, namespaced, apiGroup, noHeaders, sortBy } = this.flags;
    let types: ResourceType[] = await this.f.client().resourceTypes();
    if (namespaced !== undefined) types = types.filter((t) => t.namespaced === (namespaced === 'true'));
    if (apiGroup !== undefined) types = types.filter((t) => t.group === apiGroup);
    const key = (t: ResourceType): string => (sortBy === 'kind' ? t.kind : sortBy === 'name' ? t.name : `${t.group}\u0000${t.name}`);
    types = [...types].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const out = this.f.io.stdout;
    if (output === 'name') {
      for (const t of types) out.write(`${t.group ? `${t.name}.${t.group}` : t.name}\n`);
      return;
    }
    const wide = output === 'wide';
    const tw = new TabWriter(out, TABLE_OPTIONS);
    if (!noHeaders) tw.write(`NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${wide ? '\tVERBS\tCATEGORIES' : ''}\n`);
    for (const t of types) {
      const apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
      let row = `${t.name}\t${(t.shortNames ?? []).join(',')}\t${apiVersion}\t${t.namespaced}\t${t.kind}`;
      if (wide) row += `\t${[...(t.verbs ?? [])].sort().join(',')}\t${ALL_CATEGORY.includes(t.name) ? 'all' : ''}`;
      tw.write(`${row}\n`);
    }
    tw.flush();
  }
}
