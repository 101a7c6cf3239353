// Resource quantities ("100m", "128Mi", "1.5", "2e3").

/** Parses a quantity into a number of base units (cores, bytes). Throws on bad syntax. */
export function parseQuantity(_text: string | number): number {
  throw new Error('not implemented');
}
