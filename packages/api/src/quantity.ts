// Resource quantities ("100m", "128Mi", "1.5", "2e3"), after
// k8s.io/apimachinery/pkg/api/resource.ParseQuantity.

/** Kubernetes' message for a quantity that does not have the right shape. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** Kubernetes' message for a well-shaped quantity with an unknown suffix ("1kk", "5mi"). */
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const SHAPE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

const DECIMAL_EXPONENTS: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** Parses a quantity into a number of base units (cores, bytes). Throws on bad syntax. */
export function parseQuantity(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text)) throw new Error(QUANTITY_FORMAT_ERROR);
    return text;
  }
  const m = SHAPE.exec(text);
  if (!m) throw new Error(QUANTITY_FORMAT_ERROR);
  const num = m[1] ?? '';
  const suffix = m[2] ?? '';
  if (!NUMBER.test(num)) throw new Error(QUANTITY_FORMAT_ERROR);

  const decimal = DECIMAL_EXPONENTS[suffix];
  if (decimal !== undefined) return toNumber(`${num}e${decimal}`);
  const binary = BINARY_EXPONENTS[suffix];
  if (binary !== undefined) return toNumber(num) * 2 ** binary;
  // Exponent form: "2e3", "1E-3". A lone "E" is exa, handled above.
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (exp) return toNumber(`${num}e${exp[1] ?? '0'}`);
  // The suffix's characters were allowed by the regex, but they spell no known unit.
  throw new Error(QUANTITY_SUFFIX_ERROR);
}

function toNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(QUANTITY_FORMAT_ERROR);
  return value;
}
