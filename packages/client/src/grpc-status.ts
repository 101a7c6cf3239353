// Maps typed API errors to gRPC status codes and back. The full Kubernetes
// Status travels in binary trailing metadata so no detail is lost.
import * as grpc from '@grpc/grpc-js';
import { boundedStatus, Status, StatusError, StatusReason, unavailable, internalError } from '@kctl/api';

const STATUS_KEY = 'k8s-status-bin';

const CODE_FOR_REASON: Record<StatusReason, grpc.status> = {
  NotFound: grpc.status.NOT_FOUND,
  AlreadyExists: grpc.status.ALREADY_EXISTS,
  Conflict: grpc.status.ABORTED,
  Invalid: grpc.status.INVALID_ARGUMENT,
  BadRequest: grpc.status.INVALID_ARGUMENT,
  Gone: grpc.status.OUT_OF_RANGE,
  Expired: grpc.status.OUT_OF_RANGE,
  RequestEntityTooLarge: grpc.status.RESOURCE_EXHAUSTED,
  Unauthorized: grpc.status.UNAUTHENTICATED,
  Forbidden: grpc.status.PERMISSION_DENIED,
  ServiceUnavailable: grpc.status.UNAVAILABLE,
  MethodNotAllowed: grpc.status.UNIMPLEMENTED,
  Timeout: grpc.status.DEADLINE_EXCEEDED,
  InternalError: grpc.status.INTERNAL,
  Canceled: grpc.status.CANCELLED,
};

/**
 * Server side: any thrown value becomes a gRPC error carrying a Status, with
 * what it echoes bounded so the trailers always fit the metadata limit.
 */
export function toGrpcError(err: unknown): grpc.ServiceError {
  const statusErr = err instanceof StatusError ? err : internalError(err instanceof Error ? err.message : String(err));
  const status = boundedStatus(statusErr.status);
  const metadata = new grpc.Metadata();
  metadata.set(STATUS_KEY, Buffer.from(JSON.stringify(status)));
  return Object.assign(new Error(status.message), {
    code: CODE_FOR_REASON[status.reason] ?? grpc.status.INTERNAL,
    details: status.message,
    metadata,
  });
}

/** Client side: a gRPC error becomes a StatusError, including transport failures. */
export function fromGrpcError(err: unknown, server: string): StatusError {
  if (err instanceof StatusError) return err;
  const serviceErr = err as Partial<grpc.ServiceError>;
  const raw = serviceErr.metadata?.get(STATUS_KEY)[0];
  if (raw) {
    try {
      return StatusError.fromStatus(JSON.parse(raw.toString()) as Status);
    } catch {
      // fall through to the transport mapping below
    }
  }
  switch (serviceErr.code) {
    case grpc.status.UNAVAILABLE:
      return unavailable(`The connection to the server ${server} was refused - did you specify the right host or port? (${serviceErr.details ?? 'unavailable'})`);
    case grpc.status.DEADLINE_EXCEEDED:
      return new StatusError('Timeout', `the server ${server} did not answer in time`);
    case grpc.status.RESOURCE_EXHAUSTED:
      return new StatusError('RequestEntityTooLarge', serviceErr.details ?? 'request too large');
    default:
      return internalError(serviceErr.details ?? serviceErr.message ?? String(err));
  }
}
