import { KObject } from '@kctl/api';
import { decide, itemKey, OwnerState, splitItemKey } from './util';

const obj = (refs: string[], finalizers?: string[]): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'p-uid', finalizers, ownerReferences: refs.map((uid) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid })) },
});
const states = (entries: Record<string, OwnerState>): Map<string, OwnerState> => new Map(Object.entries(entries));

describe('garbage collector decisions', () => {
  it('keeps an object while any owner exists, dropping references to the ones gone', () => {
    expect(decide(obj(['a']), states({ a: 'solid' }), false)).toEqual({ action: 'none' });
    expect(decide(obj(['a', 'b']), states({ a: 'solid', b: 'dangling' }), false)).toEqual({ action: 'removeReferences', uids: ['b'] });
    expect(decide(obj(['a', 'b']), states({ a: 'solid', b: 'waiting' }), false)).toEqual({ action: 'removeReferences', uids: ['b'] });
  });

  it('deletes an object whose owners are all gone, in the background by default', () => {
    expect(decide(obj(['a', 'b']), states({ a: 'dangling', b: 'dangling' }), true)).toEqual({ action: 'delete', propagationPolicy: 'Background' });
    expect(decide(obj(['a'], ['orphan']), states({ a: 'dangling' }), true)).toEqual({ action: 'delete', propagationPolicy: 'Orphan' });
    expect(decide(obj(['a'], ['foregroundDeletion']), states({ a: 'dangling' }), false)).toEqual({ action: 'delete', propagationPolicy: 'Foreground' });
  });

  it('deletes in the foreground when an owner waits for it and it has dependents itself', () => {
    expect(decide(obj(['a']), states({ a: 'waiting' }), true)).toEqual({ action: 'delete', propagationPolicy: 'Foreground' });
    expect(decide(obj(['a']), states({ a: 'waiting' }), false)).toEqual({ action: 'delete', propagationPolicy: 'Background' });
  });

  it('never deletes an object without owners', () => {
    expect(decide(obj([]), states({}), false)).toEqual({ action: 'none' });
  });

  it('round-trips work keys', () => {
    expect(splitItemKey(itemKey('pods', 'default/web-1'))).toEqual({ resource: 'pods', objectKey: 'default/web-1' });
    expect(splitItemKey(itemKey('nodes', 'n1'))).toEqual({ resource: 'nodes', objectKey: 'n1' });
  });
});
