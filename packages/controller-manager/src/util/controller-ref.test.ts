import { getControllerOf } from '@kctl/api';
import { FakeApi } from '../testing/fake-api';
import { deployment, replicaSet } from '../testing/fixtures';
import { claimObjects, newControllerRef, recheckDeletion, resolveControllerRef } from './controller-ref';
import { compileSelector } from './labels';

describe('controller references', () => {
  it('builds and finds controller references', () => {
    const d = deployment('web');
    d.metadata.uid = 'd-uid';
    const ref = newControllerRef(d, 'apps/v1', 'Deployment');
    expect(ref).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true });
    const rs = replicaSet('web-a', 1, { owner: d });
    rs.metadata.ownerReferences!.unshift({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'x' });
    expect(getControllerOf(rs)?.uid).toBe('d-uid');
    expect(resolveControllerRef((k) => (k === 'default/web' ? d : undefined), 'default', ref, 'Deployment')).toBe(d);
    expect(resolveControllerRef(() => ({ ...d, metadata: { ...d.metadata, uid: 'other' } }), 'default', ref, 'Deployment')).toBeUndefined();
    expect(resolveControllerRef(() => d, 'default', ref, 'ReplicaSet')).toBeUndefined();
  });

  it('claims: keeps owned, adopts matching orphans once allowed, releases non-matching, ignores others', async () => {
    const api = new FakeApi();
    const d = api.seed('deployments', deployment('web'));
    const owned = api.seed('replicasets', replicaSet('owned', 1, { labels: { app: 'web' }, owner: d }));
    const orphan = api.seed('replicasets', replicaSet('orphan', 1, { labels: { app: 'web' } }));
    const strayed = api.seed('replicasets', replicaSet('strayed', 1, { labels: { app: 'nope' }, owner: d }));
    const foreign = api.seed('replicasets', replicaSet('foreign', 1, { labels: { app: 'web' }, owner: { ...d, metadata: { ...d.metadata, uid: 'someone' } } }));
    const claimed = await claimObjects([owned, orphan, strayed, foreign], {
      client: api,
      resource: 'replicasets',
      controller: d,
      controllerApiVersion: 'apps/v1',
      controllerKind: 'Deployment',
      matches: compileSelector(d.spec.selector),
      canAdopt: recheckDeletion(api, 'deployments', d),
    });
    expect(claimed.map((o) => o.metadata.name)).toEqual(['owned', 'orphan']);
    expect(api.stored('replicasets', 'default/orphan')?.metadata.ownerReferences?.[0]?.uid).toBe(d.metadata.uid);
    expect(api.stored('replicasets', 'default/strayed')?.metadata.ownerReferences).toBeUndefined();
    expect(api.stored('replicasets', 'default/foreign')?.metadata.ownerReferences?.[0]?.uid).toBe('someone');
  });

  it('does not adopt for a controller the server says is being deleted', async () => {
    const api = new FakeApi();
    const d = api.seed('deployments', deployment('web'));
    const orphan = api.seed('replicasets', replicaSet('orphan', 1, { labels: { app: 'web' } }));
    await api.delete('deployments', 'default', 'web', { propagationPolicy: 'Orphan' });
    await expect(
      claimObjects([orphan], {
        client: api,
        resource: 'replicasets',
        controller: d,
        controllerApiVersion: 'apps/v1',
        controllerKind: 'Deployment',
        matches: compileSelector(d.spec.selector),
        canAdopt: recheckDeletion(api, 'deployments', d),
      }),
    ).rejects.toThrow(/has just been deleted/);
    expect(api.stored('replicasets', 'default/orphan')?.metadata.ownerReferences).toBeUndefined();
  });
});
