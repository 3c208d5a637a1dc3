import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpAt, totpStep } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890", 8 digits.
const RFC6238_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC6238_SHA1: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

// RFC 4226 Appendix D: HOTP values of the same seed for counters 0..9, 6 digits.
const RFC4226 = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

describe('TOTP (RFC 6238, SHA-1)', () => {
  it.each(RFC6238_SHA1)('gives the RFC 6238 Appendix B code at T=%i', (seconds, code) => {
    expect(totpAt(RFC6238_SEED, seconds * 1000, 8)).toBe(code);
  });

  it('gives the RFC 4226 Appendix D HOTP values', () => {
    expect(RFC4226.map((_, counter) => hotp(RFC6238_SEED, BigInt(counter)))).toEqual(RFC4226);
  });

  it('encodes base32 as RFC 4648 §10 does (no padding)', () => {
    const vectors: [string, string][] = [
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
  });

  it('agrees with oathtool, an implementation we did not write', () => {
    expect(existsSync('/usr/bin/oathtool'), 'install Debian oathtool: apt-get install oathtool').toBe(true);
    const secret = base32Encode(Buffer.from('an operator secret of 20 b', 'ascii'));
    for (const seconds of [0, 59, 1_700_000_000, 1_800_000_029, 4_000_000_000]) {
      const theirs = execFileSync(
        '/usr/bin/oathtool',
        ['--totp=SHA1', '--base32', '--digits=6', '--time-step-size=30s', `--now=@${seconds}`, secret],
        { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } },
      ).trim();
      expect(totpAt(base32Decode(secret), seconds * 1000)).toBe(theirs);
    }
  });

  it('accepts a code one step either side, and never a used step or an older one again', () => {
    const secret = base32Encode(RFC6238_SEED);
    const now = 1_111_111_111_000;
    const step = totpStep(now);
    const current = totpAt(RFC6238_SEED, now);
    const previous = totpAt(RFC6238_SEED, now - 30_000);
    expect(matchTotp(secret, current, now, null)).toBe(step);
    expect(matchTotp(secret, previous, now, null)).toBe(step - 1);
    expect(matchTotp(secret, totpAt(RFC6238_SEED, now + 30_000), now, null)).toBe(step + 1);
    expect(matchTotp(secret, totpAt(RFC6238_SEED, now - 60_000), now, null)).toBeUndefined();
    // Replay: once `step` was used, neither it nor the step before is accepted.
    expect(matchTotp(secret, current, now, step)).toBeUndefined();
    expect(matchTotp(secret, previous, now, step)).toBeUndefined();
    expect(matchTotp(secret, '12345', now, null)).toBeUndefined();
  });

  it('writes the enrolment link in the Key Uri Format', () => {
    expect(otpauthUri('Transfers back office', 'ops@example.com', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/Transfers%20back%20office:ops%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Transfers%20back%20office&algorithm=SHA1&digits=6&period=30',
    );
  });
});
