// describe node's "Non-terminated Pods" and "Allocated resources" sections
// (kubectl's describeNodeResource): requests and limits per pod and in total,
// as quantities and as whole percentages of the node's allocatable.
import { parseQuantity, Pod } from '@kctl/api';
import { ageSince } from '../../../printers/duration';
import { LEVEL_0, LEVEL_1, PrefixWriter } from '../prefix-writer';

type ResourceList = Record<string, string | number | undefined>;

interface Amount {
  value: number;
  /** The first quantity summed was written with a binary suffix (Ki, Mi, ...): print it that way. */
  binary: boolean;
}

const BINARY = [
  ['Ei', 60],
  ['Pi', 50],
  ['Ti', 40],
  ['Gi', 30],
  ['Mi', 20],
  ['Ki', 10],
] as const;
const DECIMAL = [
  ['E', 18],
  ['P', 15],
  ['T', 12],
  ['G', 9],
  ['M', 6],
  ['k', 3],
  ['', 0],
  ['m', -3],
  ['u', -6],
  ['n', -9],
] as const;

/** resource.Quantity.String() for the canonical forms kubectl prints: "0", "250m", "1", "128Mi", "1G". */
export function formatQuantity(a: Amount): string {
  const v = a.value;
  if (v === 0) return '0';
  const sign = v < 0 ? '-' : '';
  const abs = Math.abs(v);
  if (a.binary && Number.isInteger(abs)) {
    for (const [suffix, exp] of BINARY) {
      const unit = 2 ** exp;
      if (abs >= unit && abs % unit === 0) return `${sign}${abs / unit}${suffix}`;
    }
    return `${sign}${abs}`;
  }
  for (const [suffix, exp] of DECIMAL) {
    const scaled = abs / 10 ** exp;
    const rounded = Math.round(scaled);
    if (rounded >= 1 && Math.abs(scaled - rounded) < 1e-9 * Math.max(1, scaled)) return `${sign}${rounded}${suffix}`;
  }
  return `${sign}${Math.ceil(abs * 1e9)}n`;
}

function amountOf(q: string | number | undefined): Amount | undefined {
  if (q === undefined || q === '') return undefined;
  try {
    return { value: parseQuantity(q), binary: typeof q === 'string' && /[KMGTPE]i$/.test(q) };
  } catch {
    return undefined;
  }
}

function add(total: Record<string, Amount>, list: ResourceList | undefined): void {
  for (const [name, q] of Object.entries(list ?? {})) {
    const a = amountOf(q);
    if (!a) continue;
    const t = total[name];
    total[name] = t ? { value: t.value + a.value, binary: t.binary } : a;
  }
}

function max(total: Record<string, Amount>, list: ResourceList | undefined): void {
  for (const [name, q] of Object.entries(list ?? {})) {
    const a = amountOf(q);
    if (!a) continue;
    const t = total[name];
    if (!t || a.value > t.value) total[name] = a;
  }
}

/** resourcehelper.PodRequestsAndLimits: containers summed, init containers as a maximum, plus overhead. */
export function podRequestsAndLimits(pod: Pod): { requests: Record<string, Amount>; limits: Record<string, Amount> } {
  const requests: Record<string, Amount> = {};
  const limits: Record<string, Amount> = {};
  for (const c of pod.spec?.containers ?? []) {
    add(requests, c.resources?.requests as ResourceList | undefined);
    add(limits, c.resources?.limits as ResourceList | undefined);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    max(requests, c.resources?.requests as ResourceList | undefined);
    max(limits, c.resources?.limits as ResourceList | undefined);
  }
  add(requests, pod.spec?.overhead as ResourceList | undefined);
  if (Object.keys(limits).length) add(limits, pod.spec?.overhead as ResourceList | undefined);
  return { requests, limits };
}

const ZERO: Amount = { value: 0, binary: false };

/** "250m (6%)": a quantity and its share of the allocatable (truncated, as int64() does). */
function share(a: Amount | undefined, allocatable: Amount | undefined, milli: boolean): string {
  const q = a ?? ZERO;
  const scale = milli ? 1000 : 1;
  const of = Math.round((allocatable?.value ?? 0) * scale);
  const pct = of === 0 ? 0 : Math.trunc((Math.round(q.value * scale) / of) * 100);
  return `${formatQuantity(q)} (${pct}%)`;
}

export function describeNodeResources(w: PrefixWriter, pods: Pod[], capacity: ResourceList | undefined, allocatableList: ResourceList | undefined, now: number): void {
  const allocatable: Record<string, Amount> = {};
  add(allocatable, Object.keys(allocatableList ?? {}).length ? allocatableList : capacity);
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const requests: Record<string, Amount> = {};
  const limits: Record<string, Amount> = {};
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    for (const [k, v] of Object.entries(r.requests)) requests[k] = requests[k] ? { value: requests[k].value + v.value, binary: requests[k].binary } : v;
    for (const [k, v] of Object.entries(r.limits)) limits[k] = limits[k] ? { value: limits[k].value + v.value, binary: limits[k].binary } : v;
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${share(r.requests.cpu, allocatable.cpu, true)}\t${share(r.limits.cpu, allocatable.cpu, true)}\t${share(r.requests.memory, allocatable.memory, false)}\t${share(r.limits.memory, allocatable.memory, false)}\t${ageSince(pod.metadata?.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  w.write(LEVEL_1, `cpu\t${share(requests.cpu, allocatable.cpu, true)}\t${share(limits.cpu, allocatable.cpu, true)}\n`);
  w.write(LEVEL_1, `memory\t${share(requests.memory, allocatable.memory, false)}\t${share(limits.memory, allocatable.memory, false)}\n`);
  w.write(LEVEL_1, `ephemeral-storage\t${share(requests['ephemeral-storage'], allocatable['ephemeral-storage'], false)}\t${share(limits['ephemeral-storage'], allocatable['ephemeral-storage'], false)}\n`);
  const hugePages = Object.keys(allocatable).filter((k) => k.startsWith('hugepages-')).sort();
  for (const name of hugePages) w.write(LEVEL_1, `${name}\t${share(requests[name], allocatable[name], false)}\t${share(limits[name], allocatable[name], false)}\n`);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
  const extended = Object.keys(allocatable).filter((k) => !standard.has(k) && !k.startsWith('hugepages-') && !k.startsWith('requests.') && !k.startsWith('limits.')).sort();
  for (const name of extended) w.write(LEVEL_1, `${name}\t${formatQuantity(requests[name] ?? ZERO)}\t${formatQuantity(limits[name] ?? ZERO)}\n`);
}
