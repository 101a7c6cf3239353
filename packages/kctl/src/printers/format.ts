// The -o/--output flag: which printer to use.
import { CliError } from '../errors';

export type OutputFormat =
  | { type: 'table'; wide: boolean }
  | { type: 'json' }
  | { type: 'yaml' }
  | { type: 'name' }
  | { type: 'jsonpath'; template: string };

const ALLOWED = 'json, jsonpath, name, wide, yaml';

export function parseOutputFormat(flag: string | undefined): OutputFormat {
  if (flag === undefined || flag === '') return { type: 'table', wide: false };
  if (flag === 'wide') return { type: 'table', wide: true };
  if (flag === 'json' || flag === 'yaml' || flag === 'name') return { type: flag };
  const eq = flag.indexOf('=');
  if (eq > 0 && flag.slice(0, eq) === 'jsonpath') {
    const template = flag.slice(eq + 1);
    if (!template) throw new CliError('template format specified but no template given');
    return { type: 'jsonpath', template };
  }
  if (flag === 'jsonpath') throw new CliError('template format specified but no template given');
  throw new CliError(`unable to match a printer suitable for the output format "${flag}", allowed formats are: ${ALLOWED}`);
}
