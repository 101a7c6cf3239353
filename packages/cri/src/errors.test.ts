import * as grpc from '@grpc/grpc-js';
import { isAlreadyExists, isNotFound, isTimeout, isUnavailable, StatusError } from '@kctl/api';
import { CriError, fromCriGrpcError, ImagePullError, isImagePullError } from './errors';

const grpcError = (code: grpc.status, details: string): Partial<grpc.ServiceError> => ({ code, details, message: `${code} ${details}` });

describe('fromCriGrpcError', () => {
  test('maps gRPC codes to the @kctl/api reasons', () => {
    expect(isNotFound(fromCriGrpcError(grpcError(grpc.status.NOT_FOUND, 'no such container'), 'ContainerStatus'))).toBe(true);
    expect(isAlreadyExists(fromCriGrpcError(grpcError(grpc.status.ALREADY_EXISTS, 'name reserved'), 'CreateContainer'))).toBe(true);
    expect(isUnavailable(fromCriGrpcError(grpcError(grpc.status.UNAVAILABLE, 'connect ENOENT'), 'Version'))).toBe(true);
    expect(isTimeout(fromCriGrpcError(grpcError(grpc.status.DEADLINE_EXCEEDED, 'deadline'), 'Version'))).toBe(true);
    expect(fromCriGrpcError(grpcError(grpc.status.UNKNOWN, 'runc failed'), 'RunPodSandbox').reason).toBe('InternalError');
  });

  test('keeps the method, the code and what the call was about', () => {
    const err = fromCriGrpcError(grpcError(grpc.status.NOT_FOUND, 'not found'), 'ContainerStatus', { kind: 'container', name: 'abc' });
    expect(err).toBeInstanceOf(StatusError);
    expect(err.method).toBe('ContainerStatus');
    expect(err.grpcCode).toBe(grpc.status.NOT_FOUND);
    expect(err.status.details?.name).toBe('abc');
    expect(err.message).toBe('ContainerStatus: container "abc": not found');
  });

  test('a CriError passes through unchanged', () => {
    const err = new CriError('Conflict', 'x', 'StartContainer', grpc.status.FAILED_PRECONDITION);
    expect(fromCriGrpcError(err, 'Other')).toBe(err);
  });

  test('an image pull failure names the image and is recognised by its type', () => {
    const cause = fromCriGrpcError(grpcError(grpc.status.UNKNOWN, 'connection refused'), 'PullImage');
    const err = new ImagePullError('kctl.local/x:1', cause);
    expect(isImagePullError(err)).toBe(true);
    expect(isImagePullError(cause)).toBe(false);
    expect(err.image).toBe('kctl.local/x:1');
    expect(err.message).toContain('kctl.local/x:1');
  });
});
