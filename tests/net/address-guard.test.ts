import { describe, expect, it } from 'vitest';
import { classifyAddress, createAllowList, decideAddress, isValidNetwork, singleAddressBlock } from '../../src/net/address-guard.ts';

// Only classified, never connected to.
const refused: ReadonlyArray<[string, RegExp]> = [
  ['127.0.0.1', /loopback/],
  ['127.255.255.254', /loopback/],
  ['0.0.0.0', /unspecified/],
  ['0.1.2.3', /unspecified/],
  ['10.0.0.5', /^private$/],
  ['172.16.0.1', /^private$/],
  ['172.31.255.255', /^private$/],
  ['192.168.1.1', /^private$/],
  ['169.254.169.254', /link-local/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.255', /carrier-grade NAT/],
  ['224.0.0.1', /multicast/],
  ['239.255.255.250', /multicast/],
  ['255.255.255.255', /broadcast/],
  ['240.0.0.1', /reserved/],
  ['192.0.0.8', /reserved/],
  ['192.0.2.10', /reserved/],
  ['198.18.0.1', /reserved/],
  ['198.51.100.7', /reserved/],
  ['203.0.113.9', /reserved/],
  ['::1', /loopback/],
  ['::', /unspecified/],
  ['fc00::1', /unique local/],
  ['fd12:3456:789a::1', /unique local/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /zone id/],
  ['fec0::1', /site-local/],
  ['ff02::1', /multicast/],
  ['::ffff:127.0.0.1', /loopback \(IPv4-mapped form of 127\.0\.0\.1\)/],
  ['::ffff:7f00:1', /loopback \(IPv4-mapped form of 127\.0\.0\.1\)/],
  ['::ffff:10.0.0.1', /^private \(IPv4-mapped/],
  ['::ffff:169.254.169.254', /link-local \(IPv4-mapped/],
  ['::ffff:0:10.1.2.3', /^private/],
  ['64:ff9b::10.0.0.1', /^private \(NAT64 form of 10\.0\.0\.1\)/],
  ['64:ff9b::7f00:1', /loopback \(NAT64/],
  ['64:ff9b:1::1', /local-use NAT64/],
  ['2002:0a00:0001::1', /^private \(6to4 form of 10\.0\.0\.1\)/],
  ['2002:7f00:0001::', /loopback \(6to4/],
  ['::127.0.0.1', /loopback|reserved/],
  ['100::1', /discard/],
  ['2001::1', /Teredo|reserved/],
  ['2001:db8::1', /reserved/],
  ['2001:2::1', /benchmark|reserved/],
  ['3fff::1', /reserved/],
  ['5f00::1', /segment routing|reserved/],
  ['[::1]', /loopback/],
  ['localhost', /not an IP address/],
  ['example.com', /not an IP address/],
  ['', /not an IP address/],
];

const allowed: readonly string[] = [
  '93.184.216.34',
  '8.8.8.8',
  '1.1.1.1',
  '172.32.0.1', // just past 172.16.0.0/12
  '100.128.0.1', // just past 100.64.0.0/10
  '169.253.255.255',
  '11.0.0.1',
  '2001:4860:4860::8888',
  '2606:4700:4700::1111',
  '2a00:1450:4001:82a::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::8.8.8.8',
  '2002:0808:0808::1',
];

describe('classifyAddress', () => {
  it.each(refused)('refuses %s as %s', (address, range) => {
    const verdict = classifyAddress(address);
    expect(verdict.public).toBe(false);
    expect(verdict.range).toMatch(range);
  });

  it.each(allowed)('accepts %s as public', (address) => {
    const verdict = classifyAddress(address);
    expect(verdict).toMatchObject({ public: true, range: 'public' });
  });

  it('reads the odd IPv4 spellings the same way', () => {
    // WHATWG URLs normalise these too, but the classifier must not be fooled if one slips through.
    expect(classifyAddress('0x7f.0.0.1')).toMatchObject({ public: false, range: 'loopback' });
    expect(classifyAddress('0177.0.0.1')).toMatchObject({ public: false, range: 'loopback' });
    expect(classifyAddress('2130706433')).toMatchObject({ public: false, range: 'loopback' });
  });

  it('names the embedded IPv4 address of mapped and NAT64 forms', () => {
    expect(classifyAddress('::ffff:10.0.0.1').embeddedIPv4).toBe('10.0.0.1');
    expect(classifyAddress('64:ff9b::a00:1').embeddedIPv4).toBe('10.0.0.1');
    expect(classifyAddress('2001:4860:4860::8888').embeddedIPv4).toBeUndefined();
  });
});

describe('allow-list', () => {
  it('accepts CIDR blocks and single addresses, and nothing else', () => {
    expect(isValidNetwork('10.0.0.0/8')).toBe(true);
    expect(isValidNetwork('127.0.0.1')).toBe(true);
    expect(isValidNetwork('::1/128')).toBe(true);
    expect(isValidNetwork('fd00::/8')).toBe(true);
    expect(isValidNetwork('10.0.0.0/33')).toBe(false);
    expect(isValidNetwork('intranet.local')).toBe(false);
    expect(isValidNetwork('yes')).toBe(false);
  });

  it('lets listed private blocks through and keeps refusing the rest', () => {
    const list = createAllowList(['127.0.0.1/32', '10.1.0.0/16', 'fd00::1']);
    expect(decideAddress('127.0.0.1', list)).toEqual({ allowed: true, address: '127.0.0.1', reason: 'allow-listed' });
    expect(decideAddress('127.0.0.2', list)).toMatchObject({ allowed: false, range: 'loopback' });
    expect(decideAddress('10.1.200.3', list)).toMatchObject({ allowed: true });
    expect(decideAddress('10.2.0.1', list)).toMatchObject({ allowed: false, range: 'private' });
    expect(decideAddress('fd00::1', list)).toMatchObject({ allowed: true });
    expect(decideAddress('fd00::2', list)).toMatchObject({ allowed: false });
    // A mapped form of an allowed IPv4 address is the same host.
    expect(decideAddress('::ffff:127.0.0.1', list)).toMatchObject({ allowed: true });
    // Allowing IPv4 loopback does not allow IPv6 loopback.
    expect(decideAddress('::1', list)).toMatchObject({ allowed: false, range: 'loopback' });
    expect(decideAddress('8.8.8.8', list)).toEqual({ allowed: true, address: '8.8.8.8', reason: 'public' });
  });

  it('an empty list allows only public addresses', () => {
    const list = createAllowList([]);
    expect(decideAddress('192.168.0.10', list)).toMatchObject({ allowed: false });
    expect(decideAddress('1.1.1.1', list)).toMatchObject({ allowed: true });
  });

  it('suggests the single-address block to allow', () => {
    expect(singleAddressBlock('10.0.0.5')).toBe('10.0.0.5/32');
    expect(singleAddressBlock('::1')).toBe('::1/128');
  });
});
