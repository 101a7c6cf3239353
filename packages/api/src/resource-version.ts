// resourceVersion parsing, as Kubernetes' APIObjectVersioner.ParseResourceVersion does it:
// "" and "0" mean "not given"; otherwise base-10 digits only (strconv.ParseUint base 10:
// no sign, no spaces, no hex, no exponent; leading zeros are accepted). Revisions are
// etcd's int64 numbers; here they must also fit a JavaScript safe integer.
import { badRequest } from './errors';

const DIGITS = /^[0-9]+$/;

/** True for a revision etcd can have handed out: a positive safe integer. */
export function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Parses a resourceVersion; 0 stands for "" and "0". Throws BadRequest for anything else that is not a revision. */
export function parseResourceVersion(text: string, field = 'resourceVersion'): number {
  if (text === '') return 0;
  const value = DIGITS.test(text) ? Number(text) : NaN;
  if (value === 0 || isRevision(value)) return value;
  throw badRequest(`${field}: Invalid value: ${JSON.stringify(text)}: must be a resourceVersion the server returned (a decimal integer)`);
}
