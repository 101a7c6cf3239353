import { deployment } from '../../testing/fixtures';
import { harness } from './test-harness';
import { getRollbackTo } from './rollback';

async function twoRevisions() {
  const h = harness();
  await h.create(deployment('web', { replicas: 1 }));
  await h.settleRollout();
  await h.edit((d) => {
    d.spec.template.spec!.containers[0]!.image = 'img:2';
    d.metadata.annotations = { ...d.metadata.annotations, 'kubernetes.io/change-cause': 'v2' };
  });
  await h.settleRollout();
  return h;
}

describe('rollback through the deprecated annotation', () => {
  it('reads the requested revision', () => {
    const d = deployment('web');
    expect(getRollbackTo(d)).toBeUndefined();
    d.metadata.annotations = { 'deprecated.deployment.rollback.to': '3' };
    expect(getRollbackTo(d)).toBe(3);
  });

  it('copies the old template back, clears the request, and the old ReplicaSet becomes the next revision', async () => {
    const h = await twoRevisions();
    await h.edit((d) => (d.metadata.annotations = { ...d.metadata.annotations, 'deprecated.deployment.rollback.to': '0' }));
    await h.sync();
    const d = h.get();
    expect(d.metadata.annotations?.['deprecated.deployment.rollback.to']).toBeUndefined();
    expect(d.spec.template.spec?.containers[0]?.image).toBe('img:1');
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'web' });
    expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toBeUndefined();
    expect(h.recorder.messages('DeploymentRollback')).toEqual(['Rolled back deployment "web" to revision 1']);
    await h.settleRollout();
    const revisions = h.replicaSets().map((rs) => [rs.spec.template?.spec?.containers[0]?.image, rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.spec.replicas]);
    expect(revisions).toEqual([
      ['img:2', '2', 0],
      ['img:1', '3', 1],
    ]);
  });

  it('gives up on a revision that does not exist, or equals the current template', async () => {
    const h = await twoRevisions();
    await h.edit((d) => (d.metadata.annotations = { ...d.metadata.annotations, 'deprecated.deployment.rollback.to': '9' }));
    await h.sync();
    expect(h.recorder.messages('DeploymentRollbackRevisionNotFound')).toEqual(['Unable to find the revision to rollback to.']);
    expect(h.get().metadata.annotations?.['deprecated.deployment.rollback.to']).toBeUndefined();
    await h.edit((d) => (d.metadata.annotations = { ...d.metadata.annotations, 'deprecated.deployment.rollback.to': '2' }));
    await h.sync();
    expect(h.recorder.messages('DeploymentRollbackTemplateUnchanged')).toEqual(['The rollback revision contains the same template as current deployment "web"']);
  });
});
