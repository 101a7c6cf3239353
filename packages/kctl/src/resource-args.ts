// Turns the resource arguments kubectl accepts into what to fetch:
//   TYPE                  every object of a type
//   TYPE NAME...          named objects
//   TYPE1,TYPE2 [NAME]    several types (kubectl prints their kinds)
//   TYPE/NAME...          mixed types
//   all                   the usual workload kinds
import { findResource, ResourceInfo } from '@kctl/api';
import { CliError } from './errors';

export interface ResourceRequest {
  info: ResourceInfo;
  /** Empty: every object (filtered by selectors). */
  names: string[];
}

export interface ResourceArgs {
  requests: ResourceRequest[];
  /** Exactly one object was named: print it alone rather than as a List. */
  singleItemImplied: boolean;
  /** More than one type was asked for: prefix names with their kind. */
  multipleTypes: boolean;
}

/** What `all` means, as kubectl's "all" category for the kinds kctl has. */
export const ALL_CATEGORY = ['pods', 'services', 'deployments', 'replicasets'];

export class UnknownResourceError extends CliError {
  constructor(readonly type: string) {
    super(`the server doesn't have a resource type "${type}"`);
  }
}

export function resolveType(type: string): ResourceInfo {
  const info = findResource(type);
  if (!info) throw new UnknownResourceError(type);
  return info;
}

function expandTypes(text: string): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const part of text.split(',')) {
    if (part === '') continue;
    const infos = part.toLowerCase() === 'all' ? ALL_CATEGORY.map(resolveType) : [resolveType(part)];
    for (const info of infos) if (!out.includes(info)) out.push(info);
  }
  return out;
}

export function parseResourceArgs(args: string[]): ResourceArgs {
  if (args.length === 0) return { requests: [], singleItemImplied: false, multipleTypes: false };
  if (args[0]!.includes('/')) {
    const requests: ResourceRequest[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      if (slash < 0) {
        throw new CliError(
          "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kctl get resource/<resource_name>' instead of 'kctl get resource resource/<resource_name>'",
        );
      }
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (!name) throw new CliError(`arguments in resource/name form must have a single resource and name`);
      const info = resolveType(type);
      const existing = requests.find((r) => r.info === info);
      if (existing) existing.names.push(name);
      else requests.push({ info, names: [name] });
    }
    const total = requests.reduce((n, r) => n + r.names.length, 0);
    return { requests, singleItemImplied: total === 1, multipleTypes: requests.length > 1 };
  }
  const infos = expandTypes(args[0]!);
  const names = args.slice(1);
  if (names.some((n) => n.includes('/'))) {
    throw new CliError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kctl get resource/<resource_name>' instead of 'kctl get resource resource/<resource_name>'",
    );
  }
  return {
    requests: infos.map((info) => ({ info, names: [...names] })),
    singleItemImplied: infos.length === 1 && names.length === 1,
    multipleTypes: infos.length > 1 || args[0]!.toLowerCase() === 'all',
  };
}
