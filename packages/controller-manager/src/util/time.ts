// Kubernetes metav1.Time: RFC 3339 to the second.

/** Formats ms since the epoch as Kubernetes writes timestamps ("2026-01-01T00:00:00Z"). */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses a timestamp; undefined when absent or unreadable. */
export function parseTime(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
