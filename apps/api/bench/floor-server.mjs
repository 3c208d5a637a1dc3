// The least a signed create can cost on this machine: node:http, JSON, an
// Ed25519 verification on the thread pool and a group-committed SQLite insert
// – none of the api's checks, validation, idempotency, history or outbox.
// Started by floor.ts as `node floor-server.mjs <mode> <db path> <public key PEM file>`.
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';

const [mode, databasePath, publicKeyFile] = process.argv.slice(2);
const publicKey = createPublicKey(readFileSync(publicKeyFile, 'utf8'));
const verifies = mode === 'verify' || mode === 'verify-write';
const writes = mode === 'verify-write';

const db = new Database(databasePath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE IF NOT EXISTS transfers (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS transfers_list ON transfers (tenant_id, created_at, id);
  CREATE UNIQUE INDEX IF NOT EXISTS transfers_key ON transfers (tenant_id, idempotency_key);`);
const insert = db.prepare('INSERT INTO transfers VALUES (?, ?, ?, ?, ?)');
let batch = [];
const commitBatch = db.transaction((rows) => {
  for (const row of rows) insert.run(row.id, 'tenant', row.key, row.createdAt, row.text);
});
function flush() {
  const rows = batch;
  batch = [];
  commitBatch(rows);
  for (const row of rows) row.answer();
}

function answer(res, text) {
  res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const input = JSON.parse(body.toString('utf8'));
    const createdAt = new Date().toISOString();
    const text = JSON.stringify({
      id: randomUUID(),
      status: 'NEW',
      created_at: createdAt,
      updated_at: createdAt,
      ...input,
    });
    const respond = () => {
      if (!writes) return answer(res, text);
      if (batch.length === 0) setImmediate(flush);
      batch.push({
        id: randomUUID(),
        key: req.headers['idempotency-key'],
        createdAt,
        text,
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
server.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
