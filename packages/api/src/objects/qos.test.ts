import type { Container } from 'kubernetes-types/core/v1';
import { podQOSClass } from './qos';

const container = (requests?: Record<string, string>, limits?: Record<string, string>): Container => ({ name: 'c', image: 'i', resources: { requests, limits } });

describe('podQOSClass', () => {
  it('is BestEffort without any cpu or memory request or limit', () => {
    expect(podQOSClass({ containers: [container()] })).toBe('BestEffort');
    expect(podQOSClass({ containers: [container({ 'ephemeral-storage': '1Gi' })] })).toBe('BestEffort');
    expect(podQOSClass({ containers: [container({ cpu: '0' })] })).toBe('BestEffort');
  });

  it('is Guaranteed when every container limits cpu and memory and requests equal limits', () => {
    const both = { cpu: '500m', memory: '128Mi' };
    expect(podQOSClass({ containers: [container(both, both), container({ cpu: '0.5', memory: '134217728' }, both)] })).toBe('Guaranteed');
  });

  it('is Burstable when any container falls short of Guaranteed', () => {
    expect(podQOSClass({ containers: [container({ cpu: '100m' })] })).toBe('Burstable');
    expect(podQOSClass({ containers: [container({ cpu: '100m', memory: '1Gi' }, { cpu: '200m', memory: '1Gi' })] })).toBe('Burstable');
    expect(podQOSClass({ containers: [container(undefined, { cpu: '1', memory: '1Gi' }), container()] })).toBe('Burstable');
    expect(podQOSClass({ containers: [container(undefined, { cpu: '1' })] })).toBe('Burstable');
  });

  it('counts init containers and ignores unreadable quantities', () => {
    const both = { cpu: '1', memory: '1Gi' };
    expect(podQOSClass({ containers: [container(both, both)], initContainers: [container({ cpu: '1' })] })).toBe('Burstable');
    expect(podQOSClass({ containers: [container({ cpu: 'lots' })] })).toBe('BestEffort');
  });
});
