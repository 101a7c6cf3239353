#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `node --cpu-prof`, or the benchmark's
// --cpu-prof DIR): where the samples fall, by package and by function.
// Usage: node deploy/dist/bench/cpuprofile-top.js FILE.cpuprofile [--top N]
import * as fs from 'fs';
import { parseArgs } from 'util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Who owns the code: an npm package, a kctl package, node itself, or V8 pseudo-frames. */
export function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const kctl = /\/(packages\/[^/]+|deploy)\//.exec(url);
  if (kctl) return kctl[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const p = url.search(/\/(packages|deploy)\//);
  return p >= 0 ? url.slice(p + 1) : url.replace(/^file:\/\//, '');
}

export interface Row {
  name: string;
  selfMs: number;
  totalMs: number;
}

export function summarizeProfile(profile: Profile): { totalMs: number; byOwner: Row[]; byFunction: Row[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ownerRows = new Map<string, Row>();
  const fnRows = new Map<string, Row>();
  const row = (map: Map<string, Row>, name: string): Row => {
    let r = map.get(name);
    if (!r) map.set(name, (r = { name, selfMs: 0, totalMs: 0 }));
    return r;
  };
  const fnKey = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') return;
    totalMs += ms;
    row(ownerRows, owner(leaf.callFrame.url, leaf.callFrame.functionName)).selfMs += ms;
    row(fnRows, fnKey(leaf)).selfMs += ms;
    const seenOwners = new Set<string>();
    const seenFns = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const o = owner(n.callFrame.url, n.callFrame.functionName);
      if (!seenOwners.has(o)) row(ownerRows, o).totalMs += ms;
      seenOwners.add(o);
      const f = fnKey(n);
      if (!seenFns.has(f)) row(fnRows, f).totalMs += ms;
      seenFns.add(f);
    }
  });
  const sorted = (m: Map<string, Row>): Row[] => [...m.values()].sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs, byOwner: sorted(ownerRows), byFunction: sorted(fnRows) };
}

function print(title: string, rows: Row[], totalMs: number, top: number): void {
  console.log(`\n${title}`);
  console.log(`${'self %'.padStart(7)} ${'incl %'.padStart(7)}  name`);
  for (const r of rows.slice(0, top)) {
    console.log(`${((r.selfMs / totalMs) * 100).toFixed(1).padStart(7)} ${((r.totalMs / totalMs) * 100).toFixed(1).padStart(7)}  ${r.name}`);
  }
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: cpuprofile-top FILE.cpuprofile [--top N]');
  const summary = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
  const top = Number(values.top);
  console.log(`${file}: ${(summary.totalMs / 1000).toFixed(2)} s of non-idle samples`);
  print('By owner (self = in its own code; incl = with what it calls)', summary.byOwner, summary.totalMs, top);
  print('By function', summary.byFunction, summary.totalMs, top);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
