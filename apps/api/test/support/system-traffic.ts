// Client traffic for whole-system tests: a plan of signed creates (both kinds,
// both directions, contended OUTGOING units, full-account transfers), what each
// create came to, and a real HTTP webhook receiver that verifies each delivery's
// signature and records what arrived, in order. system-client.ts sends the plan.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookDelivery } from '@tbo/signing';
import { DEMO } from '../../src/demo/seed-demo.js';

export const APPLE = 'US0378331005';
export const NETFLIX = 'US64110L1061';
export const TESLA = 'US88160R1014';
export const SAP = 'DE0007164600';
export const MSCI_WORLD = 'IE00B4L5Y983';

const COUNTERPARTY = { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' };
const USER_OF: Record<string, string> = { [DEMO.account]: DEMO.user, [DEMO.secondAccount]: DEMO.secondUser };
/** The sandbox outcomes (docs/reconciler.md): settle, settle in two parts, custodian rejects, custodian cancels. */
const VARIANTS = ['AUTO-', 'AUTO-PARTIAL-', 'AUTO-', 'AUTO-REJECT-', 'AUTO-', 'AUTO-CANCEL-'] as const;

export type OpGroup =
  | 'contended'
  | 'securities-in'
  | 'securities-out'
  | 'account-in'
  | 'account-out'
  | 'full-account';

export interface CreateOp {
  index: number;
  group: OpGroup;
  path: '/securities_transfers' | '/account_transfers';
  body: Record<string, unknown>;
  reference: string;
  idempotencyKey: string;
}

function securities(direction: string, accountId: string, isin: string, quantity: string, reference: string) {
  return {
    direction,
    instrument_id: isin,
    instrument_id_type: 'ISIN',
    quantity,
    transfer_type: 'NO_OWNER_CHANGE',
    user_id: USER_OF[accountId],
    account_id: accountId,
    settlement_reference: reference,
    counterparty: COUNTERPARTY,
  };
}

function account(direction: string, accountId: string, instruments: [string, string][], reference: string) {
  return {
    direction,
    user_id: USER_OF[accountId],
    account_id: accountId,
    transfer_type: 'NO_OWNER_CHANGE',
    settlement_reference: reference,
    instruments: instruments.map(([id, quantity]) => ({ id, id_type: 'ISIN', quantity })),
    counterparty: COUNTERPARTY,
  };
}

/**
 * `total` creates. First the contended burst: OUTGOING SAP of the demo account
 * one unit each, about three times the 12 it holds, and no INCOMING SAP into
 * that account anywhere in the plan – so some must be refused whatever the
 * timing. Then a fixed cycle of 20: 8 securities INCOMING, 7 securities
 * OUTGOING (Apple, Tesla and more SAP, both accounts), 3 account INCOMING,
 * 1 account OUTGOING with instruments, 1 full-account OUTGOING (empty list).
 * References cycle through the sandbox's outcomes.
 */
export function planTraffic(total: number): CreateOp[] {
  const ops: CreateOp[] = [];
  const contended = Math.min(total, Math.max(20, Math.round(total * 0.02)));
  const add = (group: OpGroup, path: CreateOp['path'], body: Record<string, unknown>, reference: string) =>
    ops.push({ index: ops.length, group, path, body, reference, idempotencyKey: randomUUID() });
  for (let i = 0; i < contended; i++) {
    const reference = `${VARIANTS[i % VARIANTS.length]}C${i}`;
    add(
      'contended',
      '/securities_transfers',
      securities('OUTGOING', DEMO.account, SAP, '1', reference),
      reference,
    );
  }
  for (let i = contended; i < total; i++) {
    const slot = i % 20;
    const variant = VARIANTS[Math.floor(i / 20) % VARIANTS.length];
    const quantity = String(1 + (i % 3));
    const reference = `${variant}S${i}`;
    if (slot < 8) {
      const target = slot % 2 === 0 ? DEMO.account : DEMO.secondAccount;
      // Never SAP into the demo account: its SAP stays scarce for the whole run.
      const isins =
        target === DEMO.account ? [APPLE, NETFLIX, TESLA, MSCI_WORLD] : [APPLE, SAP, TESLA, NETFLIX];
      const isin = isins[Math.floor(slot / 2)] ?? APPLE;
      add(
        'securities-in',
        '/securities_transfers',
        securities('INCOMING', target, isin, quantity, reference),
        reference,
      );
    } else if (slot < 15) {
      const [from, isin, units] = (
        [
          [DEMO.account, APPLE, quantity],
          [DEMO.account, SAP, '1'],
          [DEMO.secondAccount, APPLE, quantity],
          [DEMO.account, TESLA, '1'],
          [DEMO.secondAccount, MSCI_WORLD, quantity],
          [DEMO.account, APPLE, '2'],
          [DEMO.secondAccount, APPLE, '5'],
        ] as const
      )[slot - 8] ?? [DEMO.account, APPLE, '1'];
      add(
        'securities-out',
        '/securities_transfers',
        securities('OUTGOING', from, isin, units, reference),
        reference,
      );
    } else if (slot < 18) {
      const target = slot === 16 ? DEMO.account : DEMO.secondAccount;
      const instruments: [string, string][] =
        target === DEMO.account
          ? [
              [APPLE, quantity],
              [NETFLIX, '1'],
            ]
          : [
              [APPLE, quantity],
              [SAP, '2'],
              [TESLA, '1'],
            ];
      add('account-in', '/account_transfers', account('INCOMING', target, instruments, reference), reference);
    } else if (slot === 18) {
      const instruments: [string, string][] = [
        [APPLE, '1'],
        [MSCI_WORLD, '1'],
      ];
      add(
        'account-out',
        '/account_transfers',
        account('OUTGOING', DEMO.secondAccount, instruments, reference),
        reference,
      );
    } else {
      const from = Math.floor(i / 20) % 2 === 0 ? DEMO.account : DEMO.secondAccount;
      add('full-account', '/account_transfers', account('OUTGOING', from, [], reference), reference);
    }
  }
  return ops;
}

export interface CreateOutcome {
  op: CreateOp;
  /** 200: created (or replayed); 422: refused synchronously (a full account with no whole units). */
  status: 200 | 422;
  /** The securities transfer, or the account transfer, as answered. */
  id?: string;
  childIds: string[];
  attempts: number;
}

export interface Arrival {
  eventId: string;
  objectId: string;
  type: string;
}

/**
 * A webhook receiver on 127.0.0.1: verifies every delivery's signature with
 * the published keys (fetched when an unknown keyid comes), records each
 * event in arrival order before it answers 200.
 */
export class WebhookReceiver {
  readonly arrivals: Arrival[] = [];
  readonly badDeliveries: string[] = [];
  requests = 0;
  private server: Server | undefined;
  private keys: { keyid: string; pem: string }[] = [];

  /** `apiUrls`: where the public keys are fetched, tried in turn (an instance may be down). */
  constructor(private readonly apiUrls: () => readonly string[]) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.receive(req).then(
        () => res.writeHead(200).end(),
        (error: unknown) => {
          this.badDeliveries.push(`receiver failed: ${String(error)}`);
          res.writeHead(500).end();
        },
      );
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/tbo`;
  }

  private async refreshKeys(): Promise<void> {
    for (const url of this.apiUrls()) {
      try {
        const response = await fetch(`${url}/webhooks/public_keys`, {
          headers: { accept: 'application/json' },
        });
        if (!response.ok) continue;
        const body = (await response.json()) as { keys: { keyid: string; pem: string }[] };
        this.keys = body.keys.map((k) => ({ keyid: k.keyid, pem: k.pem }));
        return;
      } catch {
        // that instance is down: the next
      }
    }
  }

  private async receive(req: IncomingMessage): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    this.requests++;
    const url = new URL(req.url ?? '/', 'http://receiver');
    const keyId = /keyid="([^"]+)"/.exec(String(req.headers['signature-input'] ?? ''))?.[1];
    if (keyId !== undefined && !this.keys.some((k) => k.keyid === keyId)) await this.refreshKeys();
    const verified = await verifyWebhookDelivery({
      method: req.method ?? 'POST',
      path: url.pathname,
      query: url.search,
      headers: req.headers,
      body,
      publicKeys: this.keys,
    });
    if (!verified.ok) this.badDeliveries.push(`signature refused (${verified.code}) on ${body.length} bytes`);
    const parsed = JSON.parse(body.toString('utf8')) as {
      payload: { id: string; type: string; object: { id: string } }[];
    };
    for (const event of parsed.payload) {
      this.arrivals.push({ eventId: event.id, objectId: event.object.id, type: event.type });
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
