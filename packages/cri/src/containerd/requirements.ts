// What a real kctl node needs installed, and the message saying so.
import * as fs from 'fs';
import * as path from 'path';

/** Debian package providing each binary kctl's nodes use. */
export const NODE_PACKAGES: Record<string, string> = {
  containerd: 'containerd',
  ctr: 'containerd',
  runc: 'runc',
  'containerd-shim-runc-v2': 'containerd',
  busybox: 'busybox-static',
  gcc: 'gcc',
  tar: 'tar',
};

export function which(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin'])) {
    const candidate = path.join(dir, binary);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function installHint(packages: string[]): string {
  return `On Debian run, as root: apt-get install -y ${[...new Set(packages)].join(' ')} (or run \`npm run setup\`).`;
}

export function findBinary(binary: string): string {
  const found = which(binary);
  if (found) return found;
  throw new Error(`${binary} is not installed. ${installHint([NODE_PACKAGES[binary] ?? binary])}`);
}

/** Binaries and files missing for real pods, with the Debian packages that provide them. */
export function missingNodeRequirements(): { missing: string[]; packages: string[] } {
  const missing = Object.keys(NODE_PACKAGES).filter((b) => !which(b));
  if (!fs.existsSync('/usr/lib/cni/bridge')) missing.push('/usr/lib/cni/bridge');
  const packages = missing.map((m) => (m.startsWith('/usr/lib/cni') ? 'containernetworking-plugins' : (NODE_PACKAGES[m] ?? m)));
  if (!fs.existsSync('/usr/lib/x86_64-linux-gnu/libc.a') && !fs.existsSync('/usr/lib/libc.a')) packages.push('libc6-dev');
  return { missing, packages: [...new Set(packages)] };
}
