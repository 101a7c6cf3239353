// IPv4 CIDR arithmetic for the service address range.

export interface Ipv4Range {
  /** First usable address as a number (network address + 1). */
  first: number;
  /** Number of usable addresses (network and broadcast excluded). */
  size: number;
}

export function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`"${ip}" is not an IPv4 address`);
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): Ipv4Range {
  const [ip, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!ip || !Number.isInteger(bits) || bits < 8 || bits > 30) throw new Error(`"${cidr}" is not an IPv4 CIDR between /8 and /30`);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const network = (ipToNumber(ip) & mask) >>> 0;
  return { first: network + 1, size: 2 ** (32 - bits) - 2 };
}

export function inRange(range: Ipv4Range, n: number): boolean {
  return n >= range.first && n < range.first + range.size;
}
