// Turns what the etcd3 client throws into the storage layer's typed errors,
// once, by error class (etcd3 has already typed gRPC failures by status code).
import { internalError, StatusError, unavailable } from '@kctl/api';
import {
  ClientClosedError, EtcdWatchStreamEnded, GRPCCancelledError, GRPCDeadlineExceededError, GRPCGenericError, GRPCOutOfRangeError,
  GRPCResourceExhastedError, GRPCUnavailableError,
} from 'etcd3';

/** Failures that say nothing about the request, only that etcd could not be reached in time. */
function isTransportFailure(err: unknown): boolean {
  return (
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    err instanceof GRPCCancelledError ||
    err instanceof ClientClosedError ||
    err instanceof EtcdWatchStreamEnded
  );
}

/** etcd answers OutOfRange for a revision it no longer has (compacted) or does not have yet. */
export function isOutOfRange(err: unknown): boolean {
  return err instanceof GRPCOutOfRangeError;
}

/** The typed error for a failed etcd call; what names the operation for the message. */
export function storageError(err: unknown, what: string): Error {
  if (err instanceof StatusError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (isTransportFailure(err)) return unavailable(`storage is unavailable: etcd ${what} failed: ${detail}`);
  if (err instanceof GRPCResourceExhastedError) return new StatusError('RequestEntityTooLarge', `etcd refused ${what}: ${detail}`);
  // Other gRPC errors without a more specific class (connection reset mid-call and the like).
  if (err instanceof GRPCGenericError && err.constructor === GRPCGenericError) return unavailable(`storage is unavailable: etcd ${what} failed: ${detail}`);
  return internalError(`etcd ${what} failed: ${detail}`);
}
