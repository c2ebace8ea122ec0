/**
 * Which network addresses a seller's outgoing requests (webhooks, helpdesk actions) may reach. Loopback,
 * private networks, link-local (where cloud metadata services answer: 169.254.169.254, fd00:ec2::254),
 * carrier-grade NAT, multicast and reserved ranges are refused, in IPv4 and IPv6, including IPv4 written
 * inside IPv6 (::ffff:127.0.0.1, NAT64, 6to4). Pure: resolution and connecting are outbound-http.ts.
 */
import { isIP } from "node:net";

/** [first octets as a 32-bit number, prefix length, why] */
const IPV4_BLOCKED: readonly (readonly [string, number, string])[] = [
  ["0.0.0.0", 8, "an unspecified address"],
  ["10.0.0.0", 8, "a private-network address"],
  ["100.64.0.0", 10, "a carrier-grade NAT address"],
  ["127.0.0.0", 8, "a loopback address"],
  ["169.254.0.0", 16, "a link-local address (cloud metadata services answer there)"],
  ["172.16.0.0", 12, "a private-network address"],
  ["192.0.0.0", 24, "a reserved address"],
  ["192.0.2.0", 24, "a documentation address"],
  ["192.88.99.0", 24, "a reserved address"],
  ["192.168.0.0", 16, "a private-network address"],
  ["198.18.0.0", 15, "a reserved address"],
  ["198.51.100.0", 24, "a documentation address"],
  ["203.0.113.0", 24, "a documentation address"],
  ["224.0.0.0", 4, "a multicast address"],
  ["240.0.0.0", 4, "a reserved address"],
];

function ipv4ToNumber(ip: string): number {
  return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

const IPV4_RANGES = IPV4_BLOCKED.map(([base, prefix, why]) => ({
  base: ipv4ToNumber(base),
  size: 2 ** (32 - prefix),
  why,
}));

function ipv4Reason(ip: string): string | null {
  const n = ipv4ToNumber(ip);
  const hit = IPV4_RANGES.find((r) => n >= r.base && n < r.base + r.size);
  return hit ? hit.why : null;
}

/** The 16 bytes of an IPv6 address (zone id dropped, dotted IPv4 tail understood), or null. */
export function ipv6Bytes(ip: string): number[] | null {
  let text = ip.split("%")[0]!.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = ipv4ToNumber(tail[1]!);
    text = `${text.slice(0, -tail[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string) => (part ? part.split(":") : []);
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    const v = Number.parseInt(g, 16);
    bytes.push(v >> 8, v & 0xff);
  }
  return bytes;
}

const startsWith = (bytes: number[], prefix: readonly number[], bits: number) => {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if ((bytes[i >> 3]! & mask) !== (prefix[i >> 3]! & mask)) return false;
  }
  return true;
};
const v4At = (bytes: number[], at: number) => bytes.slice(at, at + 4).join(".");

function ipv6Reason(ip: string): string | null {
  const b = ipv6Bytes(ip);
  if (!b) return "not an address";
  const zero = (n: number) => b.slice(0, n).every((x) => x === 0);
  if (zero(16)) return "an unspecified address";
  if (zero(15) && b[15] === 1) return "a loopback address";
  // IPv4 inside IPv6: the IPv4 address decides (::ffff:a.b.c.d mapped, ::a.b.c.d compatible, NAT64, 6to4).
  if (zero(10) && b[10] === 0xff && b[11] === 0xff) return ipv4Reason(v4At(b, 12));
  if (zero(12)) return ipv4Reason(v4At(b, 12));
  if (startsWith(b, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return ipv4Reason(v4At(b, 12));
  if (b[0] === 0x20 && b[1] === 0x02) return ipv4Reason(v4At(b, 2));
  if ((b[0]! & 0xfe) === 0xfc)
    return "a private-network address (unique local; cloud metadata answers there)";
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return "a link-local address";
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return "a site-local address";
  if (b[0] === 0xff) return "a multicast address";
  if (startsWith(b, [0x20, 0x01, 0x0d, 0xb8], 32)) return "a documentation address";
  if (startsWith(b, [0x20, 0x01, 0x00, 0x00], 32)) return "a Teredo tunnel address";
  // Everything else outside global unicast (2000::/3) is reserved, NAT64 local use included.
  if ((b[0]! & 0xe0) !== 0x20) return "a reserved address";
  return null;
}

/** Why outgoing requests may not reach this IP address (v4 or v6), or null when they may. */
export function forbiddenAddressReason(ip: string): string | null {
  const version = isIP(ip);
  if (version === 4) return ipv4Reason(ip);
  if (version === 6) return ipv6Reason(ip);
  return "not an address";
}
