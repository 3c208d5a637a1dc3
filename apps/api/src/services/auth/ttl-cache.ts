/**
 * A small bounded map whose entries live `ttlMs`: the hot path reads tenants,
 * keys and tokens from memory instead of SQLite, and sees changes (a new key,
 * a changed rate limit) after at most `ttlMs`.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, nowMs: number): V | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    if (hit.until <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V, nowMs: number, ttlMs = this.ttlMs): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: nowMs + Math.min(ttlMs, this.ttlMs) });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** One instance per key object (e.g. per database), created on first use. */
export function perObject<K extends object, V>(create: (key: K) => V): (key: K) => V {
  const instances = new WeakMap<K, V>();
  return (key) => {
    let instance = instances.get(key);
    if (instance === undefined) {
      instance = create(key);
      instances.set(key, instance);
    }
    return instance;
  };
}
