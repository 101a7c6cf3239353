// metav1.Time and metav1.MicroTime as Kubernetes writes them.

/** RFC 3339 to the second ("2026-01-01T00:00:00Z"), as metav1.Time. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with microseconds ("2026-01-01T00:00:00.123000Z"), as metav1.MicroTime. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Parses a timestamp to ms since the epoch; undefined when absent or unreadable. */
export function parseTime(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
