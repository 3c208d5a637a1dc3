/** A sleep that `wake()` (new work, shutdown) cuts short. */
export class WakeableSleep {
  private wakeUp: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = () => {
        clearTimeout(this.timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.timer = setTimeout(this.wakeUp, ms);
    });
  }

  wake(): void {
    this.wakeUp?.();
  }
}
