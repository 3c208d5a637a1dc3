import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../domain/errors.js';

/** One scrypt call, as the worker runs it. */
export interface ScryptJob {
  secret: string;
  salt: Buffer;
  keyLength: number;
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

type WorkerMessage =
  | { ok: true; key: Uint8Array }
  | { ok: false; error: string }
  | { niced: number | undefined };

interface Pending {
  job: ScryptJob;
  resolve: (key: Buffer) => void;
  reject: (error: Error) => void;
}

// Plain JS so the pool runs the same from the sources and from the build.
// On Linux the thread lowers its own CPU priority (nice 19, per thread): under
// a login flood the hashes take what the event loop leaves, not the reverse.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, 19);
  parentPort.postMessage({ niced: require('node:os').getPriority(tid) });
} catch {
  parentPort.postMessage({ niced: undefined });
}
parentPort.on('message', (job) => {
  try {
    const key = scryptSync(job.secret, Buffer.from(job.salt), job.keyLength,
      { N: job.N, r: job.r, p: job.p, maxmem: job.maxmem });
    parentPort.postMessage({ ok: true, key });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error) });
  }
});`;

export interface PasswordPoolOptions {
  /** Threads hashing at once: the global cap on concurrent hashes. */
  threads?: number;
  /** Hashes waiting for a thread at most; beyond, `run` refuses at once with a 503. */
  maxQueued?: number;
}

/**
 * Password hashing on threads of its own: scrypt on Node's shared libuv pool
 * would take the threads that verify request signatures, so a login flood
 * could stall signed traffic. At most `threads` hashes run at once and
 * `maxQueued` wait; the rest are refused before any work is done.
 */
export class PasswordPool {
  threads: number;
  maxQueued: number;
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  /** Hashes finished (each login or secret check costs exactly one). */
  hashed = 0;
  /** The threads' nice value once one has started (19 on Linux; undefined where it cannot be set). */
  priority: number | undefined;

  constructor(options: PasswordPoolOptions = {}) {
    this.threads = options.threads ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    this.maxQueued = options.maxQueued ?? 16;
  }

  /** PASSWORD_THREADS / PASSWORD_QUEUE from the configuration, before the first hash. */
  configure(options: PasswordPoolOptions): void {
    if (options.threads !== undefined) this.threads = Math.max(1, options.threads);
    if (options.maxQueued !== undefined) this.maxQueued = options.maxQueued;
  }

  /** Hashes running plus waiting. */
  get load(): number {
    return this.busy.size + this.queue.length;
  }

  /**
   * `trusted`: a hash for a caller already authenticated otherwise (a client
   * secret behind a valid request signature) or for the service itself
   * (seeding): never refused, and ahead of the waiting logins, so a login
   * flood cannot keep tenants from their tokens.
   */
  run(job: ScryptJob, trusted = false): Promise<Buffer> {
    if (!trusted && this.queue.length >= this.maxQueued && this.busy.size >= this.threads) {
      return Promise.reject(
        new AppError('UNAVAILABLE', 'too many sign-ins are being checked; try again shortly', {
          headers: { 'retry-after': '1' },
        }),
      );
    }
    return new Promise((resolve, reject) => {
      if (trusted) this.queue.unshift({ job, resolve, reject });
      else this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Ends the threads (tests; a server lets them go with the process). */
  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      const next = this.queue.shift() as Pending;
      this.busy.set(worker, next);
      worker.ref();
      worker.postMessage(next.job);
    }
  }

  private spawn(): Worker | undefined {
    if (this.workers.size >= this.threads) return undefined;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    this.workers.add(worker);
    worker.on('message', (message: WorkerMessage) => {
      if ('niced' in message) {
        this.priority = message.niced;
        return;
      }
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      this.hashed++;
      // An idle thread never keeps the process alive.
      worker.unref();
      this.idle.push(worker);
      if (pending) {
        if (message.ok) pending.resolve(Buffer.from(message.key));
        else pending.reject(new Error(message.error));
      }
      this.pump();
    });
    worker.on('exit', () => {
      this.workers.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      pending?.reject(new Error('the password thread exited'));
      this.pump();
    });
    return worker;
  }
}

/** The process's one pool: every password and client-secret check shares its cap. */
export const passwordPool = new PasswordPool();
