// kubectl's printer for verbs that change objects: `deployment.apps/web scaled`
// by default, the object itself with -o json|yaml|jsonpath, `kind/name` with -o name.
import { KObject, qualifiedKind, ResourceInfo } from '@kctl/api';
import { CliError } from '../errors';
import { Output } from '../io';
import { OutputFormat, parseOutputFormat } from '../printers/format';
import { objectPrinter } from '../printers/objects';
import { withTypeMeta } from './fetch';

export type OperationFormat = Exclude<OutputFormat, { type: 'table' }> | { type: 'operation' };

/** -o for operation verbs: json, yaml, name, jsonpath=...; nothing means the operation line. */
export function parseOperationOutput(flag: string | undefined): OperationFormat {
  if (flag === undefined || flag === '') return { type: 'operation' };
  const format = parseOutputFormat(flag);
  if (format.type === 'table') throw new CliError(`unable to match a printer suitable for the output format "${flag}", allowed formats are: json,jsonpath,name,yaml`);
  return format;
}

/** `deployment.apps/web`. */
export function objectRef(info: ResourceInfo, name: string): string {
  return `${qualifiedKind(info)}/${name}`;
}

export function printOperation(out: Output, format: OperationFormat, info: ResourceInfo, obj: KObject, operation: string): void {
  if (format.type === 'operation') {
    out.write(`${objectRef(info, obj.metadata.name ?? '')}${operation ? ` ${operation}` : ''}\n`);
    return;
  }
  objectPrinter(format, out).print(withTypeMeta(info, obj));
}
