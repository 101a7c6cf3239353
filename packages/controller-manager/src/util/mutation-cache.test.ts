import { KObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { MutationCache } from './mutation-cache';

const obj = (name: string, rv: string, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: rv }, ...extra });

describe('MutationCache', () => {
  it('prefers our newer write until the cache catches up', () => {
    const cache = new MutationCache<KObject>(new FakeClock());
    cache.mutated(obj('a', '10', { v: 'ours' }));
    expect(cache.newer(obj('a', '9', { v: 'cached' }))['v']).toBe('ours');
    expect(cache.newer(obj('a', '11', { v: 'later' }))['v']).toBe('later');
    expect(cache.size).toBe(0);
  });

  it('adds objects we created that the cache has not seen, when asked to', () => {
    const cache = new MutationCache<KObject>(new FakeClock());
    cache.mutated(obj('new', '5'));
    cache.mutated(obj('other', '6'));
    expect(cache.overlay([obj('old', '1')], (o) => o.metadata.name === 'new').map((o) => o.metadata.name)).toEqual(['old', 'new']);
    cache.deleted('ns/new');
    expect(cache.overlay([], () => true).map((o) => o.metadata.name)).toEqual(['other']);
  });

  it('forgets entries after the TTL and never keeps an older write', async () => {
    const clock = new FakeClock();
    const cache = new MutationCache<KObject>(clock, 1000);
    cache.mutated(obj('a', '10', { v: 'new' }));
    cache.mutated(obj('a', '8', { v: 'old' }));
    expect(cache.newer(obj('a', '9'))['v']).toBe('new');
    await clock.step(1001);
    expect(cache.newer(obj('a', '9', { v: 'cached' }))['v']).toBe('cached');
  });
});
