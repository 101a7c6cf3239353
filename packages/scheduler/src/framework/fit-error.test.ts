import { fitErrorMessage, newDiagnosis } from './fit-error';
import { unresolvable, unschedulable } from './status';

describe('fitErrorMessage', () => {
  it('counts reasons per node and sorts them as kube-scheduler does', () => {
    const d = newDiagnosis();
    d.nodeStatuses.set('n1', unresolvable('node(s) were unschedulable'));
    d.nodeStatuses.set('n2', unschedulable('Insufficient cpu'));
    d.nodeStatuses.set('n3', unschedulable('Insufficient cpu'));
    expect(fitErrorMessage(3, d)).toBe('0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.');
  });

  it('counts every reason a node gives', () => {
    const d = newDiagnosis();
    d.nodeStatuses.set('n1', unschedulable('Insufficient cpu', 'Insufficient memory'));
    d.nodeStatuses.set('n2', unschedulable('Insufficient cpu'));
    d.nodeStatuses.set('n3', unschedulable('Insufficient cpu'));
    expect(fitErrorMessage(3, d)).toBe('0/3 nodes are available: 1 Insufficient memory, 3 Insufficient cpu.');
  });

  it('sorts reasons with equal counts by text', () => {
    const d = newDiagnosis();
    d.nodeStatuses.set('n1', unresolvable("node(s) didn't match Pod's node affinity/selector"));
    d.nodeStatuses.set('n2', unresolvable('node(s) had untolerated taint {dedicated: gpu}'));
    d.nodeStatuses.set('n3', unschedulable('Insufficient cpu'));
    expect(fitErrorMessage(3, d)).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}.",
    );
  });

  it('uses the PreFilter message when a PreFilter rejected the pod', () => {
    const d = newDiagnosis();
    d.preFilterMessage = 'pod has unbound immediate PersistentVolumeClaims';
    expect(fitErrorMessage(2, d)).toBe('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
  });

  it('says so when there are no nodes', () => {
    expect(fitErrorMessage(0, newDiagnosis())).toBe('no nodes available to schedule pods');
  });
});
