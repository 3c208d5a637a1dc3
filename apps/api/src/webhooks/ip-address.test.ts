import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowedAddress } from './ip-address.js';

describe('address policy', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    ['172.32.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:0808:0808::1', 'public'],
    ['::127.0.0.1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('is undefined for host names', () => {
    expect(classifyAddress('localhost')).toBeUndefined();
    expect(classifyAddress('example.com')).toBeUndefined();
  });

  it('live allows public only; the sandbox adds loopback', () => {
    expect(isAllowedAddress('8.8.8.8', true)).toBe(true);
    expect(isAllowedAddress('127.0.0.1', true)).toBe(false);
    expect(isAllowedAddress('::1', true)).toBe(false);
    expect(isAllowedAddress('127.0.0.1', false)).toBe(true);
    expect(isAllowedAddress('::1', false)).toBe(true);
    expect(isAllowedAddress('10.0.0.1', false)).toBe(false);
    expect(isAllowedAddress('169.254.169.254', false)).toBe(false);
  });
});
