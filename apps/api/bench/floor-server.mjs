// The least a signed create can cost on this machine: node:http, JSON, an
// Ed25519 verification on the thread pool and a group-committed SQLite insert
// – none of the api's checks, validation, idempotency, history or outbox.
// Mode `verify-store` writes instead every row and index entry the api's
// create writes (nonce, idempotency record with the response, transfer,
// history, counter, outbox event) into a database with the api's schema,
// still without any of its checks, parsing or validation; like the api, it
// commits on a worker thread so the event loop serves requests meanwhile.
// `verify-store-lean` does the same with only the primary and unique indexes.
// Started by floor.ts as `node floor-server.mjs <mode> <db path> <public key PEM file>`.
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

function open(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  return db;
}

// As in the api: at most 12 creates per commit, and WAL checkpoints on a
// thread of their own (PASSIVE, every 200 ms) rather than inside a commit.
const BATCH_MAX = 12;
const CHECKPOINT_INTERVAL_MS = 200;

if (isMainThread) serve();
else if (workerData.role === 'checkpoint') {
  const db = new Database(workerData.databasePath);
  setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), CHECKPOINT_INTERVAL_MS);
} else {
  // The store's writer thread: what arrived while a transaction ran is the next one.
  const db = open(workerData.databasePath);
  db.pragma('wal_autocheckpoint = 16000');
  if (workerData.lean) dropLookupIndexes(db);
  const commitBatch = storeBatch(db);
  parentPort.postMessage('ready');
  const inbox = [];
  const drain = () => {
    const rows = inbox.splice(0, BATCH_MAX);
    if (inbox.length > 0) setImmediate(drain);
    commitBatch(rows);
    parentPort.postMessage(rows.map((row) => row.id));
  };
  parentPort.on('message', (rows) => {
    if (inbox.length === 0) setImmediate(drain);
    inbox.push(...rows);
  });
}

/**
 * Leaves only the primary keys and unique indexes (what refuses a replay or a
 * duplicate) on the tables a create writes: the lists, the settlement worker
 * and the purge lose their indexes, and what remains is the least any schema
 * could keep.
 */
function dropLookupIndexes(db) {
  const names = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
      AND sql NOT LIKE 'CREATE UNIQUE INDEX%' AND tbl_name IN ('securities_transfers', 'transfer_history',
      'outbox_events', 'idempotency_keys', 'signature_nonces', 'transfer_counts')`)
    .pluck()
    .all();
  for (const name of names) db.exec(`DROP INDEX "${name}"`);
}

/**
 * Time-ordered ids, as the api gives transfers and events (lib/uuid-v7.ts,
 * which this plain-node server cannot import): a millisecond
 * prefix, so inserts append to the id indexes (a counter keeps one
 * millisecond's ids in order).
 */
let lastMs = 0;
let sequence = 0;
function timeOrderedId() {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else sequence++;
  const hex = randomUUID().replaceAll('-', '');
  const prefix = lastMs.toString(16).padStart(12, '0') + (sequence & 0xfff).toString(16).padStart(4, '0');
  const id = prefix + hex.slice(16);
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-7${id.slice(13, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

/** One table, two indexes: the least a create can write. */
function insertBatch(db) {
  db.exec(`CREATE TABLE IF NOT EXISTS transfers (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS transfers_list ON transfers (tenant_id, created_at, id);
    CREATE UNIQUE INDEX IF NOT EXISTS transfers_key ON transfers (tenant_id, idempotency_key);`);
  const insert = db.prepare('INSERT INTO transfers VALUES (?, ?, ?, ?, ?)');
  return db.transaction((rows) => {
    for (const row of rows) insert.run(row.id, 'tenant', row.key, row.createdAt, row.text);
  });
}

/**
 * The api's rows for one create, through the api's own statements (floor.ts
 * hands them over in FLOOR_STORE), bound as the api binds them, into the
 * database floor.ts prepared with the api's schema.
 */
function storeBatch(db) {
  const { tenantId, accountGroupId, statements } = JSON.parse(process.env.FLOOR_STORE);
  const [nonce, transfer, history, count, event, record] = [
    statements.nonce,
    statements.transfer,
    statements.history,
    statements.count,
    statements.event,
    statements.record,
  ].map((sql) => db.prepare(sql));
  const kind = 'SECURITIES_TRANSFER';
  return db.transaction((rows) => {
    for (const { id, key, createdAt, text, input } of rows) {
      const expiresAt = new Date(Date.parse(createdAt) + 86_400_000).toISOString();
      const day = createdAt.slice(0, 10);
      nonce.run(tenantId, `${key}.nonce`, expiresAt, createdAt);
      transfer.run(
        id,
        tenantId,
        input.direction,
        'NEW',
        input.transfer_type,
        input.user_id,
        input.account_id,
        accountGroupId,
        input.settlement_reference,
        input.counterparty.bic,
        input.counterparty.account_number,
        input.counterparty.name,
        day,
        day,
        createdAt,
        createdAt,
        null,
        null,
        input.instrument_id,
        'ISIN',
        input.quantity,
        'CBF',
        day,
      );
      history.run(tenantId, kind, id, null, 'NEW', 'client', null, 'received', null, createdAt);
      count.run(kind, tenantId, input.direction, 'NEW');
      event.run(timeOrderedId(), tenantId, `${kind}.NEW`, kind, id, text, createdAt);
      const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      record.run(tenantId, key, 'securitiesTransfers.create', hash, 'done', 200, text, createdAt, expiresAt);
    }
  });
}

function answer(res, text) {
  res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function serve() {
  const [mode, databasePath, publicKeyFile] = process.argv.slice(2);
  const publicKey = createPublicKey(readFileSync(publicKeyFile, 'utf8'));
  const verifies = mode !== 'http';
  const stores = mode.startsWith('verify-store');
  const writes = mode === 'verify-write' || stores;
  let batch = [];
  let flush;
  let writerReady;
  if (stores) {
    const waiting = new Map();
    const writer = new Worker(new URL(import.meta.url), {
      workerData: { role: 'store', databasePath, lean: mode === 'verify-store-lean' },
    });
    new Worker(new URL(import.meta.url), { workerData: { role: 'checkpoint', databasePath } }).unref();
    writer.on('message', (ids) => {
      if (ids === 'ready') return writerReady();
      for (const id of ids) {
        waiting.get(id)();
        waiting.delete(id);
      }
    });
    flush = () => {
      const rows = batch;
      batch = [];
      for (const row of rows) waiting.set(row.id, row.answer);
      writer.postMessage(rows.map(({ answer: _, ...row }) => row));
    };
  } else if (writes) {
    const commitBatch = insertBatch(open(databasePath));
    flush = () => {
      const rows = batch;
      batch = [];
      commitBatch(rows);
      for (const row of rows) row.answer();
    };
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const input = JSON.parse(body.toString('utf8'));
      const createdAt = new Date().toISOString();
      const id = stores ? timeOrderedId() : randomUUID();
      const text = JSON.stringify({
        id,
        status: 'NEW',
        created_at: createdAt,
        updated_at: createdAt,
        ...input,
      });
      const respond = () => {
        if (!writes) return answer(res, text);
        if (batch.length === 0) setImmediate(flush);
        batch.push({
          id,
          key: req.headers['idempotency-key'],
          createdAt,
          text,
          input,
          answer: () => answer(res, text),
        });
      };
      if (!verifies) return respond();
      const signature = Buffer.from(String(req.headers['x-signature']), 'base64');
      verify(null, body, publicKey, signature, (error, ok) => {
        if (error || !ok) {
          res.writeHead(401).end();
          return;
        }
        respond();
      });
    });
  });
  // Announced only once the store's writer has its indexes as the mode wants them.
  const listen = () =>
    server.listen(0, '127.0.0.1', () =>
      console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })),
    );
  if (stores) writerReady = listen;
  else listen();
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
