// Metadata the server owns: set on create, carried across updates.
import { randomBytes, randomUUID } from 'crypto';
import { formatTime, KObject } from '@kctl/api';

const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** generateName + five random characters from Kubernetes' vowel-free alphabet. */
export function generatedName(prefix: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += NAME_SUFFIX_ALPHABET[b % NAME_SUFFIX_ALPHABET.length];
  return prefix + suffix;
}

export function stampForCreate(obj: KObject, tracksGeneration: boolean, now: number): void {
  const meta = obj.metadata;
  meta.uid = randomUUID();
  meta.creationTimestamp = formatTime(now);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (tracksGeneration) meta.generation = 1;
  else delete meta.generation;
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
export function specOf(obj: KObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return JSON.stringify(rest);
}

/** Copies the server-owned metadata of old onto an update. */
export function carryServerMeta(next: KObject, old: KObject, tracksGeneration: boolean): void {
  const meta = next.metadata;
  const prev = old.metadata;
  meta.uid = prev.uid;
  meta.creationTimestamp = prev.creationTimestamp;
  meta.deletionTimestamp = prev.deletionTimestamp;
  meta.deletionGracePeriodSeconds = prev.deletionGracePeriodSeconds;
  if (!meta.deletionTimestamp) {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  if (tracksGeneration) meta.generation = (prev.generation ?? 1) + (specOf(next) !== specOf(old) ? 1 : 0);
  else delete meta.generation;
}
