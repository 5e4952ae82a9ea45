import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Why an address may or may not be fetched from. `range` names the block for people ("private", "loopback"). */
export interface AddressClass {
  /** The address as written in messages (canonical form). */
  address: string;
  /** Reachable on the public internet: a global unicast address. */
  public: boolean;
  range: string;
  /** The IPv4 address a mapped, NAT64 or 6to4 IPv6 address stands for, when it has one. */
  embeddedIPv4?: string | undefined;
}

/** People's names for ipaddr.js's range names. */
const rangeNames: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (shared)',
  private: 'private',
  reserved: 'reserved',
  as112: 'AS112 (reserved)',
  amt: 'AMT relay (reserved)',
  uniqueLocal: 'unique local (private)',
  deprecatedSiteLocal: 'site-local (private)',
  discard: 'discard-only',
  teredo: 'Teredo tunnel',
  benchmarking: 'benchmarking (reserved)',
  as112v6: 'AS112 (reserved)',
  deprecatedOrchid: 'ORCHID (reserved)',
  orchid2: 'ORCHID (reserved)',
  droneRemoteIdProtocolEntityTags: 'reserved',
  segmentRouting: 'segment routing (reserved)',
};

function nameOf(range: string): string {
  return rangeNames[range] ?? range;
}

/** Parses any IP literal ipaddr.js understands, including zone ids and bracketed IPv6; undefined otherwise. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return undefined;
  try {
    return ipaddr.parse(bare);
  } catch {
    return undefined;
  }
}

function classifyIPv4(address: ipaddr.IPv4): { public: boolean; range: string } {
  const range = address.range();
  return { public: range === 'unicast', range: range === 'unicast' ? 'public' : nameOf(range) };
}

const globalUnicast = ipaddr.parseCIDR('2000::/3');
const nat64WellKnown = ipaddr.parseCIDR('64:ff9b::/96');

function lastFourBytes(address: ipaddr.IPv6, from: number): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(from, from + 4));
}

/**
 * Decides whether an IP address is on the public internet. Refuses loopback, private
 * (RFC 1918, unique local fc00::/7), link-local, carrier-grade NAT, unspecified, multicast,
 * broadcast, documentation, benchmarking and other reserved blocks, and judges IPv6
 * forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4
 * 2002::/16) by that IPv4 address. Anything that is not an IP literal is not public.
 *
 * @example
 * classifyAddress('10.0.0.5')          // { public: false, range: 'private', … }
 * classifyAddress('::ffff:127.0.0.1')  // { public: false, range: 'loopback', embeddedIPv4: '127.0.0.1', … }
 * classifyAddress('93.184.216.34')     // { public: true, range: 'public', … }
 */
export function classifyAddress(text: string): AddressClass {
  const parsed = parseAddress(text);
  if (parsed === undefined) return { address: text, public: false, range: 'not an IP address' };
  const address = parsed.toString();
  if (parsed.kind() === 'ipv4') return { address, ...classifyIPv4(parsed as ipaddr.IPv4) };
  const v6 = parsed as ipaddr.IPv6;
  if (v6.zoneId !== undefined) return { address, public: false, range: 'scoped (zone id)' };
  const range = v6.range();
  let embedded: ipaddr.IPv4 | undefined;
  if (range === 'ipv4Mapped' || range === 'rfc6145') embedded = lastFourBytes(v6, 12);
  else if (range === 'rfc6052' && v6.match(nat64WellKnown)) embedded = lastFourBytes(v6, 12);
  else if (range === '6to4') embedded = lastFourBytes(v6, 2);
  if (embedded !== undefined) {
    const inner = classifyIPv4(embedded);
    const form = range === '6to4' ? '6to4' : range === 'rfc6052' ? 'NAT64' : 'IPv4-mapped';
    return {
      address,
      public: inner.public,
      range: inner.public ? 'public' : `${inner.range} (${form} form of ${embedded.toString()})`,
      embeddedIPv4: embedded.toString(),
    };
  }
  if (range === 'rfc6052') return { address, public: false, range: 'local-use NAT64 (private)' };
  if (range === 'unicast') {
    return v6.match(globalUnicast) ? { address, public: true, range: 'public' } : { address, public: false, range: 'reserved' };
  }
  return { address, public: false, range: nameOf(range) };
}

/** A list of CIDR blocks (or single addresses) that are allowed even though they are not public. */
export interface AllowList {
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** Checks one `FETCH_ALLOW_PRIVATE_NETWORKS` entry: a CIDR block or a single IP address. */
export function isValidNetwork(entry: string): boolean {
  return ipaddr.isValidCIDR(entry) || parseAddress(entry) !== undefined;
}

function toCidr(entry: string): [Address, number] {
  if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
  const address = parseAddress(entry);
  if (address === undefined) throw new Error(`Not an IP address or CIDR block: "${entry}"`);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

function inBlock(address: Address, [network, bits]: [Address, number]): boolean {
  return address.kind() === network.kind() && address.match(network as never, bits);
}

/** Builds the allow-list from config entries such as `127.0.0.1/32,10.0.0.0/8,::1`. Throws on a bad entry. */
export function createAllowList(entries: readonly string[]): AllowList {
  const blocks = entries.map(toCidr);
  return {
    entries,
    has(text) {
      const address = parseAddress(text);
      if (address === undefined) return false;
      const { embeddedIPv4 } = classifyAddress(text);
      const candidates: Address[] = [address];
      if (embeddedIPv4 !== undefined) candidates.push(ipaddr.IPv4.parse(embeddedIPv4));
      return blocks.some((block) => candidates.some((candidate) => inBlock(candidate, block)));
    },
  };
}

/** What the guard decided for one address. */
export type AddressDecision =
  | { allowed: true; address: string; reason: 'public' | 'allow-listed' }
  | { allowed: false; address: string; range: string };

/** Public addresses pass; others pass only if the allow-list holds them. */
export function decideAddress(text: string, allowList: AllowList): AddressDecision {
  const verdict = classifyAddress(text);
  if (verdict.public) return { allowed: true, address: verdict.address, reason: 'public' };
  if (allowList.has(text)) return { allowed: true, address: verdict.address, reason: 'allow-listed' };
  return { allowed: false, address: verdict.address, range: verdict.range };
}

/** The CIDR to suggest for allowing exactly this address. */
export function singleAddressBlock(text: string): string {
  const address = parseAddress(text);
  if (address === undefined) return text;
  return `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
}
