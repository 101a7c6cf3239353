// kubectl's KEY=VALUE argument handling (cmdutil.GetResourcesAndPairs and
// ParsePairs), shared by set image, label and annotate: resources come first,
// then the changes; `KEY-` removes where the verb allows it.
import { CliError } from '../errors';

const isPair = (s: string): boolean => (s.includes('=') && !s.startsWith('=')) || (s.endsWith('-') && s !== '-');

/** Splits arguments into resource arguments and the pairs after them. */
export function splitResourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    if (isPair(s)) pairs.push(s);
    else if (pairs.length > 0) throw new CliError(`all resources must be specified before ${pairType} changes: ${s}`);
    else resources.push(s);
  }
  return { resources, pairs };
}

export interface ParsedPairs {
  /** In the order given; a later KEY=... replaces an earlier one. */
  set: Map<string, string>;
  remove: string[];
}

/** `KEY=VALUE` sets; with supportRemove `KEY-` removes; anything else is invalid. */
export function parsePairs(pairArgs: string[], pairType: string, supportRemove: boolean): ParsedPairs {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const arg of pairArgs) {
    const eq = arg.indexOf('=');
    if (eq > 0) set.set(arg.slice(0, eq), arg.slice(eq + 1));
    else if (supportRemove && arg.endsWith('-') && arg !== '-') remove.push(arg.slice(0, -1));
    else invalid.push(arg);
  }
  if (invalid.length) throw new CliError(`invalid ${pairType} format: ${invalid.join(', ')}`);
  return { set, remove };
}
