// Where a list is served from, by Kubernetes 1.31's rules for the watch cache
// (with consistent reads from the cache): the cache serves lists that may be
// stale by contract (resourceVersion "0", or "not older than" a version) and
// consistent lists without a limit; etcd serves continuations, exact
// resourceVersions (resourceVersionMatch=Exact, or a version with a limit) and
// consistent lists with a limit, each page at the revision of the first.
import { badRequest, parseResourceVersion } from '@kctl/api';

/** How fresh a list from memory must be: as fresh as etcd now, at least a revision, or whatever it holds. */
export type ListFreshness = 'latest' | 'any' | number;

export interface ListVersionQuery {
  limit?: number;
  continue?: string;
  /** Absent or "": the newest state; "0": any state; otherwise a resourceVersion the server returned. */
  resourceVersion?: string;
  /** Absent or "", "NotOlderThan", or "Exact". */
  resourceVersionMatch?: string;
}

export type ListPlan =
  | { source: 'cache'; freshness: ListFreshness }
  /** exactRevision: read at that revision (otherwise the newest, or the continue token's). */
  | { source: 'etcd'; exactRevision?: number };

export function planList(query: ListVersionQuery): ListPlan {
  const rv = query.resourceVersion ?? '';
  const match = query.resourceVersionMatch ?? '';
  const limited = (query.limit ?? 0) > 0;
  if (match !== '' && match !== 'NotOlderThan' && match !== 'Exact') {
    throw badRequest(`resourceVersionMatch "${match}" is not supported: use NotOlderThan or Exact`);
  }
  if (match !== '' && rv === '') throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (query.continue) {
    if (rv !== '' && rv !== '0') throw badRequest('specifying resourceVersion is not allowed when using continue');
    return { source: 'etcd' };
  }
  if (match === 'Exact') {
    if (rv === '0') throw badRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
    return { source: 'etcd', exactRevision: parseResourceVersion(rv) };
  }
  if (rv === '0') return { source: 'cache', freshness: 'any' };
  if (rv === '') return limited ? { source: 'etcd' } : { source: 'cache', freshness: 'latest' };
  const revision = parseResourceVersion(rv);
  // A version with a limit and no match is the legacy "exact" paging of Kubernetes.
  if (limited && match === '') return { source: 'etcd', exactRevision: revision };
  return { source: 'cache', freshness: revision };
}
