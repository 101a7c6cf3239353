// Test support for suites that need a real containerd: decides whether they can
// run here, and picks a pod range no other bridge on the machine uses.
import { execFileSync } from 'child_process';
import { installHint, missingNodeRequirements } from '../containerd/requirements';

/**
 * Why real-node tests cannot run, or undefined when they can. A developer who
 * is not root gets a reason to skip with; as root (and under CI, where tests
 * run as root) a missing package is an error saying what to install.
 */
export function realNodeSkipReason(): string | undefined {
  const root = process.getuid?.() === 0;
  if (!root) {
    const message = 'needs root (containerd mounts, creates network namespaces and bridges); run the tests as root, as CI does';
    if (process.env.CI) throw new Error(`CRI tests must run under CI but the user is not root: ${message}`);
    console.warn(`Skipping real containerd tests: ${message}`);
    return message;
  }
  const { missing, packages } = missingNodeRequirements();
  if (missing.length > 0 || packages.length > 0) {
    throw new Error(`Real containerd tests need ${[...missing, ...packages].join(', ')}. ${installHint(packages)}`);
  }
  return undefined;
}

/** A /24 in 10.201.0.0/16 that no route on the host already covers. */
export function freePodCidr(): string {
  const routes = execFileSync('ip', ['-4', 'route', 'show']).toString();
  for (let i = 0; i < 250; i++) {
    const octet = (process.pid + i) % 250;
    const cidr = `10.201.${octet}.0/24`;
    if (!routes.includes(`10.201.${octet}.`)) return cidr;
  }
  throw new Error('no free /24 in 10.201.0.0/16');
}
