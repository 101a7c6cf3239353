// Container log files as containerd's CRI plugin writes them: one line per
// chunk, `<RFC3339Nano time> <stdout|stderr> <F|P> <text>`, where P marks a
// partial line continued by the next entry of the same stream.

export interface CriLogEntry {
  time: string;
  stream: 'stdout' | 'stderr';
  /** True when the text is the first part of a longer line (tag P). */
  partial: boolean;
  text: string;
}

/** Parses one line of a CRI log file; null for a line not in that format. */
export function parseCriLogLine(line: string): CriLogEntry | null {
  const m = /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(line);
  if (!m) return null;
  return { time: m[1] as string, stream: m[2] as 'stdout' | 'stderr', partial: m[3] === 'P', text: m[4] as string };
}

/** Whole lines of a log file's content, partial entries joined, in order. */
export function criLogLines(content: string): CriLogEntry[] {
  const out: CriLogEntry[] = [];
  const pending: Partial<Record<'stdout' | 'stderr', CriLogEntry>> = {};
  for (const raw of content.split('\n')) {
    const entry = parseCriLogLine(raw);
    if (!entry) continue;
    const before = pending[entry.stream];
    const joined = before ? { ...before, text: before.text + entry.text, partial: entry.partial } : entry;
    if (joined.partial) pending[entry.stream] = joined;
    else {
      delete pending[entry.stream];
      out.push(joined);
    }
  }
  return out;
}
