// Typed runtime failures, so callers branch on a code (as CRI's gRPC status
// codes) and never on message text. An adapter over a CRI client maps gRPC
// codes to these once.

export type RuntimeErrorCode =
  /** No such sandbox, container or image (gRPC NotFound). */
  | 'NotFound'
  /** The image could not be pulled (ErrImagePull in pod status). */
  | 'ImagePull'
  /** The container could not be created (CreateContainerError). */
  | 'CreateContainer'
  /** The container could not be started (RunContainerError). */
  | 'StartContainer'
  /** The sandbox could not be created (FailedCreatePodSandBox). */
  | 'RunPodSandbox'
  /** The call does not fit the object's state, e.g. exec in a stopped container (FailedPrecondition). */
  | 'FailedPrecondition'
  /** The runtime cannot be reached or is not ready (Unavailable). */
  | 'Unavailable';

export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export function isRuntimeError(err: unknown, code?: RuntimeErrorCode): err is RuntimeError {
  return err instanceof RuntimeError && (code === undefined || err.code === code);
}
