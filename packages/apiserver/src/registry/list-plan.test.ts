import { StatusError } from '@kctl/api';
import { planList } from './list-plan';

const refused = (fn: () => unknown): boolean => {
  try {
    fn();
    return false;
  } catch (err) {
    return err instanceof StatusError && err.reason === 'BadRequest';
  }
};

describe('planList (Kubernetes 1.31 rules for the watch cache)', () => {
  it('serves consistent lists without a limit from the cache, once fresh', () => {
    expect(planList({})).toEqual({ source: 'cache', freshness: 'latest' });
    expect(planList({ limit: 500 })).toEqual({ source: 'etcd' });
  });

  it('serves resourceVersion 0 from the cache as it is, limit or not', () => {
    expect(planList({ resourceVersion: '0' })).toEqual({ source: 'cache', freshness: 'any' });
    expect(planList({ resourceVersion: '0', limit: 10 })).toEqual({ source: 'cache', freshness: 'any' });
    expect(planList({ resourceVersion: '0', resourceVersionMatch: 'NotOlderThan', limit: 10 })).toEqual({ source: 'cache', freshness: 'any' });
  });

  it('reads a version as a lower bound from the cache, or exactly from etcd', () => {
    expect(planList({ resourceVersion: '42' })).toEqual({ source: 'cache', freshness: 42 });
    expect(planList({ resourceVersion: '42', resourceVersionMatch: 'NotOlderThan', limit: 5 })).toEqual({ source: 'cache', freshness: 42 });
    expect(planList({ resourceVersion: '42', limit: 5 })).toEqual({ source: 'etcd', exactRevision: 42 });
    expect(planList({ resourceVersion: '42', resourceVersionMatch: 'Exact' })).toEqual({ source: 'etcd', exactRevision: 42 });
  });

  it('pages continuations from etcd', () => {
    expect(planList({ continue: 'token', limit: 5 })).toEqual({ source: 'etcd' });
  });

  it('refuses what Kubernetes refuses', () => {
    expect(refused(() => planList({ resourceVersionMatch: 'Exact' }))).toBe(true);
    expect(refused(() => planList({ resourceVersion: '0', resourceVersionMatch: 'Exact' }))).toBe(true);
    expect(refused(() => planList({ resourceVersion: '7', resourceVersionMatch: 'Later' }))).toBe(true);
    expect(refused(() => planList({ resourceVersion: '7', continue: 'token' }))).toBe(true);
    expect(refused(() => planList({ resourceVersion: 'abc' }))).toBe(true);
  });
});
