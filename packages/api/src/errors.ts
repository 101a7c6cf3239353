// Typed API errors. Each carries a Kubernetes Status: the reason, the HTTP-like
// code and the message kubectl prints; the gRPC boundary maps them once.

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Gone'
  | 'Expired'
  | 'RequestEntityTooLarge'
  | 'Unauthorized'
  | 'Forbidden'
  | 'ServiceUnavailable'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'Timeout'
  | 'InternalError'
  /** The caller gave up on the request (its AbortSignal fired); never sent by a server. */
  | 'Canceled';

export interface StatusCause {
  /** Field path, e.g. "metadata.name" or "spec.containers[0].image". */
  field: string;
  /** FieldValueRequired, FieldValueInvalid, FieldValueDuplicate, FieldValueNotSupported, FieldValueTooLong. */
  reason: string;
  message: string;
}

/** The Kubernetes Status object as it travels over the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  status: 'Failure';
  message: string;
  reason: StatusReason;
  code: number;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
}

const HTTP_CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  Unauthorized: 401,
  Forbidden: 403,
  ServiceUnavailable: 503,
  BadRequest: 400,
  MethodNotAllowed: 405,
  Timeout: 504,
  InternalError: 500,
  // The code proxies use for a request the client closed.
  Canceled: 499,
};

export class StatusError extends Error {
  readonly status: Status;

  constructor(reason: StatusReason, message: string, details?: Status['details']) {
    super(message);
    this.name = 'StatusError';
    this.status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code: HTTP_CODES[reason], details };
  }

  get reason(): StatusReason {
    return this.status.reason;
  }

  static fromStatus(status: Status): StatusError {
    return new StatusError(status.reason, status.message, status.details);
  }
}

/** Describes a resource in messages: `pods "x"` or `deployments.apps "web"`. */
function named(qualifiedResource: string, name: string): string {
  return `${qualifiedResource} "${name}"`;
}

export function notFound(qualifiedResource: string, name: string): StatusError {
  return new StatusError('NotFound', `${named(qualifiedResource, name)} not found`, { name });
}

export function alreadyExists(qualifiedResource: string, name: string): StatusError {
  return new StatusError('AlreadyExists', `${named(qualifiedResource, name)} already exists`, { name });
}

export function conflict(qualifiedResource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): StatusError {
  return new StatusError('Conflict', `Operation cannot be fulfilled on ${named(qualifiedResource, name)}: ${why}`, { name });
}

/** A write whose uid precondition names another object than the one stored under its name. */
export function uidConflict(qualifiedResource: string, name: string, wanted: string | undefined, actual: string | undefined): StatusError {
  return conflict(qualifiedResource, name, `Precondition failed: UID in precondition: ${wanted}, UID in object meta: ${actual}`);
}

/** `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0` */
export function invalid(qualifiedKindTitle: string, name: string, causes: StatusCause[]): StatusError {
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new StatusError('Invalid', `${qualifiedKindTitle} "${name}" is invalid: ${list}`, { name, causes });
}

export function gone(message: string): StatusError {
  return new StatusError('Gone', message);
}

export function tooLarge(message: string): StatusError {
  return new StatusError('RequestEntityTooLarge', message);
}

export function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

export function unavailable(message: string): StatusError {
  return new StatusError('ServiceUnavailable', message);
}

export function forbidden(message: string): StatusError {
  return new StatusError('Forbidden', message);
}

export function internalError(message: string): StatusError {
  return new StatusError('InternalError', message);
}

export function timeout(message: string): StatusError {
  return new StatusError('Timeout', message);
}

export function canceled(message: string): StatusError {
  return new StatusError('Canceled', message);
}

function hasReason(err: unknown, reason: StatusReason): boolean {
  return err instanceof StatusError && err.reason === reason;
}

export const isNotFound = (err: unknown): boolean => hasReason(err, 'NotFound');
export const isAlreadyExists = (err: unknown): boolean => hasReason(err, 'AlreadyExists');
export const isConflict = (err: unknown): boolean => hasReason(err, 'Conflict');
export const isInvalid = (err: unknown): boolean => hasReason(err, 'Invalid');
export const isGone = (err: unknown): boolean => hasReason(err, 'Gone') || hasReason(err, 'Expired');
export const isTooLarge = (err: unknown): boolean => hasReason(err, 'RequestEntityTooLarge');
export const isForbidden = (err: unknown): boolean => hasReason(err, 'Forbidden');
export const isUnavailable = (err: unknown): boolean => hasReason(err, 'ServiceUnavailable');
export const isTimeout = (err: unknown): boolean => hasReason(err, 'Timeout');
export const isCanceled = (err: unknown): boolean => hasReason(err, 'Canceled');

/** Field-error constructors with Kubernetes' wording, used by validation. */
export const fieldErrors = {
  required: (field: string, detail = ''): StatusCause => ({ field, reason: 'FieldValueRequired', message: `Required value${detail ? `: ${detail}` : ''}` }),
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({ field, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${detail}` }),
  duplicate: (field: string, value: unknown): StatusCause => ({ field, reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(value)}` }),
  notSupported: (field: string, value: unknown, allowed: string[]): StatusCause => ({ field, reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}` }),
  tooLong: (field: string, max: number): StatusCause => ({ field, reason: 'FieldValueTooLong', message: `Too long: must have at most ${max} bytes` }),
  forbidden: (field: string, detail: string): StatusCause => ({ field, reason: 'FieldValueForbidden', message: `Forbidden: ${detail}` }),
};
