import type { NodeStatus } from '@kctl/api';
import { statusChanges } from './status-reporter';

describe('statusChanges', () => {
  const status = (heartbeat: string, ready = 'True', cpu = '4'): NodeStatus => ({
    capacity: { cpu },
    conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: heartbeat, lastTransitionTime: 't0' }],
  });

  it('sees no change when only heartbeat times moved', () => {
    expect(statusChanges(status('t1'), status('t2'))).toBeUndefined();
  });

  it('names only the fields that changed', () => {
    expect(statusChanges(status('t1'), status('t2', 'True', '8'))).toEqual({ capacity: { cpu: '8' } });
    expect(Object.keys(statusChanges(status('t1'), status('t2', 'False')) ?? {})).toEqual(['conditions']);
    expect(Object.keys(statusChanges(undefined, status('t1')) ?? {}).sort()).toEqual(['capacity', 'conditions']);
  });
});
