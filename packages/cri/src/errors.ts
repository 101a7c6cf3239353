// CRI failures as typed errors: the gRPC status code a runtime answers with is
// mapped once, here, to the @kctl/api StatusError reasons, so callers test
// isNotFound(err) etc. and never read message text.
import * as grpc from '@grpc/grpc-js';
import { StatusError, StatusReason } from '@kctl/api';

const REASON_FOR_CODE: Partial<Record<grpc.status, StatusReason>> = {
  [grpc.status.NOT_FOUND]: 'NotFound',
  [grpc.status.ALREADY_EXISTS]: 'AlreadyExists',
  [grpc.status.INVALID_ARGUMENT]: 'BadRequest',
  [grpc.status.FAILED_PRECONDITION]: 'Conflict',
  [grpc.status.UNAVAILABLE]: 'ServiceUnavailable',
  [grpc.status.DEADLINE_EXCEEDED]: 'Timeout',
  [grpc.status.CANCELLED]: 'Canceled',
  [grpc.status.UNIMPLEMENTED]: 'MethodNotAllowed',
  [grpc.status.PERMISSION_DENIED]: 'Forbidden',
  [grpc.status.UNAUTHENTICATED]: 'Unauthorized',
  [grpc.status.RESOURCE_EXHAUSTED]: 'RequestEntityTooLarge',
};

/** A failed CRI call: the StatusError reason plus the RPC and its gRPC code. */
export class CriError extends StatusError {
  constructor(
    reason: StatusReason,
    message: string,
    readonly method: string,
    readonly grpcCode: grpc.status,
    name?: string,
  ) {
    super(reason, message, name === undefined ? undefined : { name });
    this.name = 'CriError';
  }
}

/** PullImage failed for a reason other than the runtime being away (kubelet: ErrImagePull). */
export class ImagePullError extends CriError {
  constructor(
    readonly image: string,
    cause: CriError,
  ) {
    super(cause.reason === 'NotFound' ? 'NotFound' : 'InternalError', `failed to pull image "${image}": ${cause.message}`, cause.method, cause.grpcCode, image);
    this.name = 'ImagePullError';
  }
}

export const isImagePullError = (err: unknown): err is ImagePullError => err instanceof ImagePullError;

/** Maps a gRPC failure of `method` to a CriError; `subject` names what it was about, e.g. `container "abc"`. */
export function fromCriGrpcError(err: unknown, method: string, subject?: { kind: string; name: string }): CriError {
  if (err instanceof CriError) return err;
  const serviceErr = err as Partial<grpc.ServiceError>;
  const code = typeof serviceErr.code === 'number' ? serviceErr.code : grpc.status.UNKNOWN;
  const reason = REASON_FOR_CODE[code] ?? 'InternalError';
  const detail = serviceErr.details ?? (err instanceof Error ? err.message : String(err));
  const about = subject ? `${subject.kind} "${subject.name}": ` : '';
  return new CriError(reason, `${method}: ${about}${detail}`, method, code, subject?.name);
}
