import * as grpc from '@grpc/grpc-js';
import { fromCriGrpcError, ImagePullError } from '@kctl/cri';
import { isRuntimeError } from '../errors';
import { toRuntimeError } from './errors';

const criError = (code: grpc.status, method: string) => fromCriGrpcError({ code, details: 'detail' }, method);

describe('toRuntimeError', () => {
  it('keeps NotFound and Unavailable whatever the call', () => {
    expect(isRuntimeError(toRuntimeError(criError(grpc.status.NOT_FOUND, 'ContainerStatus')), 'NotFound')).toBe(true);
    expect(isRuntimeError(toRuntimeError(criError(grpc.status.NOT_FOUND, 'StartContainer'), 'StartContainer'), 'NotFound')).toBe(true);
    expect(isRuntimeError(toRuntimeError(criError(grpc.status.UNAVAILABLE, 'RunPodSandbox'), 'RunPodSandbox'), 'Unavailable')).toBe(true);
  });

  it('maps a failed pull to ImagePull, even one the registry answered NotFound', () => {
    const pull = new ImagePullError('kctl.local/x:1', criError(grpc.status.NOT_FOUND, 'PullImage'));
    expect(isRuntimeError(toRuntimeError(pull), 'ImagePull')).toBe(true);
    expect(isRuntimeError(toRuntimeError(new ImagePullError('x', criError(grpc.status.UNKNOWN, 'PullImage'))), 'ImagePull')).toBe(true);
  });

  it('gives other failures the call\'s own code, a refused state FailedPrecondition, and leaves the rest alone', () => {
    expect(isRuntimeError(toRuntimeError(criError(grpc.status.UNKNOWN, 'CreateContainer'), 'CreateContainer'), 'CreateContainer')).toBe(true);
    expect(isRuntimeError(toRuntimeError(criError(grpc.status.FAILED_PRECONDITION, 'ExecSync')), 'FailedPrecondition')).toBe(true);
    const unknown = criError(grpc.status.UNKNOWN, 'RemoveContainer');
    expect(toRuntimeError(unknown)).toBe(unknown);
    const plain = new Error('not from CRI');
    expect(toRuntimeError(plain)).toBe(plain);
  });
});
