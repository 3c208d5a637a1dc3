import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCommitPort } from '../src/services/write/group-commit.js';
import { WriterThread } from '../src/services/write/writer-thread.js';
import { TEST_DATABASE } from './harness.js';
import { type HttpApp, startHttpApp } from './http-harness.js';

// The HTTP suites write through the port production starts by default
// (WRITER_THREAD=auto on SQLite; group commit on the pool on PostgreSQL),
// not through one of their own.
describe('the HTTP suites’ api', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp();
  });
  afterAll(() => app.close());

  it('writes through the write port production chooses on this machine', () => {
    const threaded = TEST_DATABASE === 'sqlite' && availableParallelism() >= 2;
    expect(app.t.writes).toBeInstanceOf(threaded ? WriterThread : GroupCommitPort);
  });
});
