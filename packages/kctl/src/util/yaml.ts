// YAML as kubectl reads and writes it. kubectl's YAML library follows YAML 1.1
// (so `0644` is octal and `yes` is a boolean in manifests, and such strings are
// quoted on output); timestamps and sexagesimal numbers stay plain strings.
import * as YAML from 'yaml';
import { sortKeys } from './json';

type Tags = Parameters<Extract<NonNullable<YAML.SchemaOptions['customTags']>, (...args: never[]) => unknown>>[0];

/** YAML 1.1 tags without timestamp and base-60 numbers, which Go's YAML leaves as strings. */
function readTags(tags: Tags): Tags {
  return tags.filter((t) => {
    const tag = t as { tag?: string; format?: string };
    return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
  });
}

export const PARSE_OPTIONS: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions = {
  version: '1.1',
  customTags: readTags,
  uniqueKeys: false,
};

/** One YAML document for one value, keys sorted, lists unindented, no line folding. */
export function toYaml(value: unknown): string {
  return YAML.stringify(sortKeys(value), { version: '1.1', indentSeq: false, lineWidth: 0, nullStr: 'null' });
}
