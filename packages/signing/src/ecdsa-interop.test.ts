// ECDSA signatures made at test time by implementations we did not write (the openssl CLI,
// Node's default signer, Python's `cryptography`), checked by our verifier, and ours by them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Algorithm } from './algorithms.js';
import { ecdsaDerToRaw } from './ecdsa-der.js';
import { signBytes, verifyBytes, verifyBytesAsync } from './raw-signature.js';
import { buildSignatureBase } from './signature-base.js';
import { parseSignatureInput } from './signature-headers.js';
import { keys, type ReceivedRequest, signedRequest, verifyOptions } from './test-support.js';
import { verifyRequestSignature } from './verify-request.js';

const PYTHON = '/usr/bin/python3';
const python = spawnSync(PYTHON, ['-c', 'import cryptography; print(cryptography.__version__)'], {
  encoding: 'utf8',
});
const pythonMissing =
  python.status === 0
    ? undefined
    : `${PYTHON} with the cryptography package is not available: ${python.error?.message ?? python.stderr.trim()}`;
if (pythonMissing !== undefined)
  console.warn(`SKIPPING the Python cases of ecdsa-interop.test.ts: ${pythonMissing}`);

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
function requireOpenssl(): void {
  if (openssl.status === 0) return;
  const why = openssl.error?.message ?? openssl.stderr.trim();
  throw new Error(`these tests need the openssl CLI (Debian's openssl package), which failed: ${why}`);
}

const dir = mkdtempSync(join(tmpdir(), 'signing-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function tempFile(content: string | Uint8Array): string {
  const path = join(dir, `f${files++}`);
  writeFileSync(path, content);
  return path;
}

function opensslSign(algorithm: Algorithm, data: string): Buffer {
  requireOpenssl();
  const sigPath = join(dir, `sig${files++}`);
  const keyPath = tempFile(keys[algorithm].privateKey);
  execFileSync('openssl', ['dgst', '-sha512', '-sign', keyPath, '-out', sigPath, tempFile(data)]);
  return readFileSync(sigPath);
}

function opensslVerifies(algorithm: Algorithm, data: string, signature: Uint8Array): boolean {
  requireOpenssl();
  const pubPath = tempFile(keys[algorithm].publicKey);
  const args = ['dgst', '-sha512', '-verify', pubPath, '-signature', tempFile(signature), tempFile(data)];
  return spawnSync('openssl', args, { encoding: 'utf8' }).stdout.trim() === 'Verified OK';
}

// Our own few lines driving Python's `cryptography`: sign (DER) or verify, base64 on stdout.
const PY_SIGN = `
import base64, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = serialization.load_pem_private_key(open(sys.argv[1], 'rb').read(), password=None)
sys.stdout.write(base64.b64encode(key.sign(open(sys.argv[2], 'rb').read(), ec.ECDSA(hashes.SHA512()))).decode())
`;
const PY_VERIFY = `
import sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = serialization.load_pem_public_key(open(sys.argv[1], 'rb').read())
try:
    key.verify(open(sys.argv[2], 'rb').read(), open(sys.argv[3], 'rb').read(), ec.ECDSA(hashes.SHA512()))
    print('valid')
except InvalidSignature:
    print('invalid')
`;

function pythonSign(algorithm: Algorithm, data: string): Buffer {
  const keyPath = tempFile(keys[algorithm].privateKey);
  const out = execFileSync(PYTHON, ['-c', PY_SIGN, keyPath, tempFile(data)], { encoding: 'utf8' });
  return Buffer.from(out, 'base64');
}

function pythonVerifies(algorithm: Algorithm, data: string, signature: Uint8Array): boolean {
  const args = ['-c', PY_VERIFY, tempFile(keys[algorithm].publicKey), tempFile(signature), tempFile(data)];
  return execFileSync(PYTHON, args, { encoding: 'utf8' }).trim() === 'valid';
}

/** The signature base our verifier will rebuild for a received request. */
function baseOf(request: ReceivedRequest): string {
  const input = parseSignatureInput(request.headers['signature-input'] ?? '');
  const entry = input.ok ? input.value[0] : undefined;
  if (entry === undefined) throw new Error('the signed request has no signature-input');
  const base = buildSignatureBase(entry.components, entry.signatureParams, request);
  if (!base.ok) throw new Error(base.error);
  return base.base;
}

const withSignature = (request: ReceivedRequest, signature: Uint8Array): ReceivedRequest => ({
  ...request,
  headers: { ...request.headers, signature: `sig1=:${Buffer.from(signature).toString('base64')}:` },
});

const ECDSA = [
  ['ecdsa-p256-sha512', 32],
  ['ecdsa-p384-sha512', 48],
  ['ecdsa-p521-sha512', 66],
] as const;
const DATA = '"@method": POST\n"@path": /securities_transfers\n"@signature-params": ("@method" "@path")';

describe.each(ECDSA)('%s signatures from other implementations', (algorithm, size) => {
  const publicKey = createPublicKey(keys[algorithm].publicKey);
  const verifyBoth = async (data: string, signature: Uint8Array) => {
    const sync = verifyBytes(algorithm, publicKey, Buffer.from(data), signature);
    expect(await verifyBytesAsync(algorithm, publicKey, Buffer.from(data), signature)).toBe(sync);
    return sync;
  };

  it('verifies `openssl dgst -sha512 -sign` (canonical DER)', async () => {
    const signature = opensslSign(algorithm, DATA);
    expect(ecdsaDerToRaw(signature, size), 'openssl writes canonical DER').toBeDefined();
    expect(await verifyBoth(DATA, signature)).toBe(true);
    expect(await verifyBoth(`${DATA} `, signature)).toBe(false);
  });

  it("verifies Node's default crypto.sign('sha512', data, key) (DER)", async () => {
    const signature = sign('sha512', Buffer.from(DATA), createPrivateKey(keys[algorithm].privateKey));
    expect(await verifyBoth(DATA, signature)).toBe(true);
  });

  it.skipIf(pythonMissing !== undefined)(
    `verifies Python cryptography's ECDSA(SHA512()) (DER)${pythonMissing ? ` [SKIPPED: ${pythonMissing}]` : ''}`,
    async () => {
      const signature = pythonSign(algorithm, DATA);
      expect(ecdsaDerToRaw(signature, size), 'Python writes canonical DER').toBeDefined();
      expect(await verifyBoth(DATA, signature)).toBe(true);
    },
  );

  it('makes default signatures that openssl verifies', () => {
    const privateKey = createPrivateKey(keys[algorithm].privateKey);
    expect(opensslVerifies(algorithm, DATA, signBytes(algorithm, privateKey, Buffer.from(DATA)))).toBe(true);
    const raw = signBytes(algorithm, privateKey, Buffer.from(DATA), 'raw');
    expect(opensslVerifies(algorithm, DATA, raw), 'openssl reads DER only').toBe(false);
  });

  it.skipIf(pythonMissing !== undefined)(
    `makes default signatures that Python verifies${pythonMissing ? ` [SKIPPED: ${pythonMissing}]` : ''}`,
    () => {
      const privateKey = createPrivateKey(keys[algorithm].privateKey);
      const signature = signBytes(algorithm, privateKey, Buffer.from(DATA));
      expect(pythonVerifies(algorithm, DATA, signature)).toBe(true);
      expect(pythonVerifies(algorithm, `${DATA} `, signature)).toBe(false);
    },
  );
});

describe.each(ECDSA)('%s requests signed by openssl over our base', (algorithm) => {
  it('pass verifyRequestSignature, and fail when the request changes', async () => {
    const request = signedRequest({ algorithm });
    const external = withSignature(request, opensslSign(algorithm, baseOf(request)));
    expect(external.headers.signature).not.toBe(request.headers.signature);
    expect(await verifyRequestSignature(verifyOptions(external))).toMatchObject({ ok: true, algorithm });
    const moved = { ...external, path: '/account_transfers' };
    expect(await verifyRequestSignature(verifyOptions(moved))).toMatchObject({
      ok: false,
      code: 'SIGNATURE_MISMATCH',
    });
  });
});

describe('a request signed by Python over our base', () => {
  it.skipIf(pythonMissing !== undefined)(
    `passes verifyRequestSignature${pythonMissing ? ` [SKIPPED: ${pythonMissing}]` : ''}`,
    async () => {
      const request = signedRequest({ algorithm: 'ecdsa-p384-sha512' });
      const external = withSignature(request, pythonSign('ecdsa-p384-sha512', baseOf(request)));
      expect(await verifyRequestSignature(verifyOptions(external))).toMatchObject({ ok: true });
    },
  );
});
