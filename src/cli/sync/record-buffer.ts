/**
 * Collects items emitted by a stream ('data' of a csv-parse parser, 'line' of readline) into
 * batches, pausing the source while a batch is full. Handing rows over a batch at a time, instead of
 * one awaited step per row through several async generators, is what keeps a million-row sync
 * bound by the network rather than by promise bookkeeping.
 */
export interface PausableSource {
  // biome-ignore lint/suspicious/noExplicitAny: csv-parse and readline type their listeners differently.
  on(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

export class RecordBuffer<T> {
  private items: T[] = [];
  private ended = false;
  private failure: Error | undefined;
  private waiter: (() => void) | undefined;

  constructor(
    private readonly source: PausableSource,
    itemEvent: string,
    endEvent: string,
    private readonly batchSize = 2048,
  ) {
    source.on(itemEvent, (item: T) => {
      this.items.push(item);
      if (this.items.length >= this.batchSize) {
        source.pause();
        this.wake();
      }
    });
    source.on(endEvent, () => {
      this.ended = true;
      this.wake();
    });
    source.on("error", (error: Error) => {
      this.failure ??= error;
      this.wake();
    });
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** The next batch, or undefined at the end. Throws the source's error. */
  async take(): Promise<T[] | undefined> {
    while (this.items.length === 0 && !this.ended && this.failure === undefined) {
      this.source.resume();
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    if (this.items.length === 0) {
      if (this.failure) throw this.failure;
      return undefined;
    }
    const batch = this.items;
    this.items = [];
    if (!this.ended) this.source.resume();
    return batch;
  }
}
