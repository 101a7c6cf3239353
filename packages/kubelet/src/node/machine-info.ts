// Facts about the machine a Node reports: size, kernel, OS image and the ids
// Kubernetes' cAdvisor reads. Hollow nodes pass their own instead of these.
import { readFileSync, statfsSync } from 'fs';
import * as os from 'os';

export interface MachineInfo {
  cpus: number;
  memoryBytes: number;
  kernelVersion: string;
  osImage: string;
  /** Go's GOOS: linux, darwin, windows. */
  operatingSystem: string;
  /** Go's GOARCH: amd64, arm64, … */
  architecture: string;
  machineID: string;
  systemUUID: string;
  bootID: string;
  /** Size of the filesystem pods write to (the root one); 0 when unknown. */
  ephemeralStorageBytes: number;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
const GO_OS: Record<string, string> = { win32: 'windows', sunos: 'solaris' };

/** Node.js' process.arch as Go spells it (the kubernetes.io/arch label). */
export function goArch(arch: string = process.arch): string {
  return GO_ARCH[arch] ?? arch;
}

export function goOS(platform: string = process.platform): string {
  return GO_OS[platform] ?? platform;
}

/** PRETTY_NAME from an os-release file, as the kubelet reports osImage; "Unknown" without one. */
export function osImageFrom(osRelease: string | undefined): string {
  const line = osRelease?.split('\n').find((l) => l.startsWith('PRETTY_NAME='));
  if (!line) return 'Unknown';
  return line.slice('PRETTY_NAME='.length).trim().replace(/^(["'])(.*)\1$/, '$2');
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function filesystemBytes(path: string): number {
  try {
    const fs = statfsSync(path);
    return fs.blocks * fs.bsize;
  } catch {
    return 0;
  }
}

/** Reads the machine; ids that cannot be read (no DMI in a VM, no machine-id) stay empty. */
export function readMachineInfo(): MachineInfo {
  return {
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    kernelVersion: os.release(),
    osImage: osImageFrom(readTrimmed('/etc/os-release') ?? readTrimmed('/usr/lib/os-release')),
    operatingSystem: goOS(),
    architecture: goArch(),
    machineID: readTrimmed('/etc/machine-id') ?? readTrimmed('/var/lib/dbus/machine-id') ?? '',
    systemUUID: readTrimmed('/sys/class/dmi/id/product_uuid')?.toLowerCase() ?? '',
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id') ?? '',
    ephemeralStorageBytes: filesystemBytes('/'),
  };
}
