// CRI failures (CriError from @kctl/cri, already typed by gRPC code) as the
// kubelet's RuntimeError codes, mapped here once for every call the adapter makes.
import { CriError, isImagePullError } from '@kctl/cri';
import { RuntimeError, RuntimeErrorCode } from '../errors';

/**
 * err as a RuntimeError. A runtime that is away stays Unavailable and an unknown
 * object NotFound whatever the call; a failed pull is ImagePull; otherwise the
 * call's own failure code (CreateContainer, StartContainer, RunPodSandbox) when
 * it has one, FailedPrecondition for a refused state, else the CriError itself.
 */
export function toRuntimeError(err: unknown, callCode?: RuntimeErrorCode): unknown {
  if (!(err instanceof CriError)) return err;
  const code = codeFor(err, callCode);
  return code === undefined ? err : new RuntimeError(code, err.message);
}

function codeFor(err: CriError, callCode: RuntimeErrorCode | undefined): RuntimeErrorCode | undefined {
  if (isImagePullError(err)) return 'ImagePull';
  if (err.reason === 'ServiceUnavailable') return 'Unavailable';
  if (err.reason === 'NotFound') return 'NotFound';
  if (callCode !== undefined) return callCode;
  if (err.reason === 'Conflict') return 'FailedPrecondition';
  return undefined;
}
