import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms` unless `signal` aborts first; never rejects. */
export type SleepFn = (ms: number, signal: AbortSignal) => Promise<void>;

export const realSleep: SleepFn = (ms, signal) =>
  delay(ms, undefined, { signal }).then(
    () => undefined,
    () => undefined,
  );

/** A cancellable sleep: `wake()` ends the current wait, or the next one if nobody waits. */
export class Waker {
  private pending = false;
  private interrupt: (() => void) | undefined;

  wake(): void {
    if (this.interrupt) this.interrupt();
    else this.pending = true;
  }

  wait(ms: number, sleep: SleepFn = realSleep): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    const controller = new AbortController();
    return new Promise<void>((resolve) => {
      let ended = false;
      const interrupt = () => {
        controller.abort();
        end();
      };
      const end = () => {
        if (ended) return;
        ended = true;
        if (this.interrupt === interrupt) this.interrupt = undefined;
        resolve();
      };
      this.interrupt = interrupt;
      void sleep(Math.max(0, ms), controller.signal).then(end, end);
    });
  }
}
