/**
 * Shares `limit` among `queues` in rounds: each round gives every queue that
 * still has work an equal share of what is left; a queue that returns fewer
 * than its share is empty and drops out. `take` must not hand out the same
 * item twice (claims lease what they take, so a second query skips it).
 */
export async function roundRobin<Q, T>(
  queues: readonly Q[],
  limit: number,
  take: (queue: Q, n: number) => Promise<T[]>,
): Promise<T[]> {
  const taken: T[] = [];
  let active = [...queues];
  while (taken.length < limit && active.length > 0) {
    const share = Math.ceil((limit - taken.length) / active.length);
    const stillFull: Q[] = [];
    for (const queue of active) {
      const want = Math.min(share, limit - taken.length);
      if (want === 0) break;
      const got = await take(queue, want);
      taken.push(...got);
      if (got.length === want) stillFull.push(queue);
    }
    active = stillFull;
  }
  return taken;
}
