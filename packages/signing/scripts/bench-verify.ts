// Quick local throughput of signing and verifying (prints figures, asserts nothing).
// Run: pnpm --filter @tbo/signing bench
import {
  ALGORITHMS,
  defaultRequiredComponents,
  generateKeyPair,
  signRequest,
  verifyRequestSignature,
} from '../src/index.js';

const body = JSON.stringify({
  direction: 'OUTGOING',
  user_id: '8c3d4e5f-0000-4000-8000-000000000001',
  account_id: '8c3d4e5f-0000-4000-8000-000000000002',
  instrument_id: 'US0378331005',
  instrument_id_type: 'ISIN',
  quantity: '10',
  transfer_type: 'NO_OWNER_CHANGE',
  settlement_reference: 'REF-1',
  counterparty: { bic: 'DEUTDEFFXXX' },
});
const headers = {
  accept: 'application/json',
  authorization: 'Bearer 0123456789abcdef0123456789abcdef',
  'content-type': 'application/json',
  'idempotency-key': 'ccb07f42-4104-44ad-8e1f-c660bb7b269c',
  'upvest-client-id': 'ebabcf4d-61c3-4942-875c-e265a7c2d062',
  'upvest-api-version': '1',
};
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);

for (const algorithm of ALGORITHMS) {
  const pair = generateKeyPair(algorithm);
  const sign = () =>
    signRequest({
      method: 'POST',
      url: 'https://api.example.com/securities_transfers',
      headers,
      body,
      keyId: 'k',
      privateKey: pair.privateKey,
    });
  let signed = 0;
  const signStart = performance.now();
  const requests: Array<Record<string, string>> = [];
  while (performance.now() - signStart < SECONDS * 1000) {
    const added = sign();
    if (requests.length < 5000) requests.push({ ...headers, ...added });
    signed++;
  }
  const signRate = signed / ((performance.now() - signStart) / 1000);

  const bodyBytes = Buffer.from(body);
  const nonces = new Set<string>();
  let verified = 0;
  let failures = 0;
  const verifyStart = performance.now();
  while (performance.now() - verifyStart < SECONDS * 1000) {
    const request = requests[verified % requests.length] ?? {};
    const result = await verifyRequestSignature({
      method: 'POST',
      path: '/securities_transfers',
      query: '',
      headers: request,
      body: bodyBytes,
      requiredComponents: defaultRequiredComponents,
      lookupKey: () => ({ publicKey: pair.publicKey, algorithm }),
      checkNonce: (nonce) => {
        nonces.add(nonce); // replays in this loop are expected: the Set is only exercised, not enforced
        return true;
      },
    });
    if (!result.ok) failures++;
    verified++;
  }
  const verifyRate = verified / ((performance.now() - verifyStart) / 1000);
  console.log(
    `${algorithm.padEnd(18)} sign ${Math.round(signRate).toString().padStart(6)}/s   verify ${Math.round(verifyRate).toString().padStart(6)}/s   (failures: ${failures})`,
  );
}
