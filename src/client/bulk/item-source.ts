const BATCHES = Symbol("batched bulk input");

/** Async input delivered in arrays (see `inBatches`). */
export interface BatchedInput<T> {
  readonly [BATCHES]: AsyncIterable<readonly T[]>;
}

/**
 * Marks an async iterable of arrays as bulk input whose items are the arrays' elements. A reader
 * that already has rows in batches (a file parser) then costs one await per batch instead of one
 * per item; backpressure and input positions are unchanged.
 */
export function inBatches<T>(batches: AsyncIterable<readonly T[]>): BatchedInput<T> {
  return { [BATCHES]: batches };
}

/** Anything the bulk helpers read: a sync or async iterable of items, or batched async input. */
export type BulkSource<T> = Iterable<T> | AsyncIterable<T> | BatchedInput<T>;

export function isBatchedInput<T>(input: unknown): input is BatchedInput<T> {
  return typeof input === "object" && input !== null && BATCHES in input;
}

/**
 * Pull-based reading of a sync or async iterable, one item at a time, with a one-item push-back.
 * Sync input is read without an await per item (a million awaits cost more than the rest of the
 * chunking); async input is awaited item by item (batched input once per batch), which is where
 * backpressure comes from: nothing is read while every lane is full. `next()` returns a Promise
 * only when it has to wait.
 */
export class ItemSource<T> {
  private readonly iterator: Iterator<T> | AsyncIterator<T> | AsyncIterator<readonly T[]>;
  private readonly batched: boolean;
  private buffer: readonly T[] = [];
  private bufferIndex = 0;
  readonly isAsync: boolean;
  /** Input position of the next item returned. */
  position = 0;
  private pushedBack: { value: T } | undefined;
  /** Returned by `next()` at the end of the input (no wrapper object per item). */
  static readonly END: unique symbol = Symbol("end of input");
  private finished = false;

  constructor(input: Iterable<T> | AsyncIterable<T> | BatchedInput<T>) {
    this.batched = isBatchedInput<T>(input);
    if (isBatchedInput<T>(input)) {
      this.isAsync = true;
      this.iterator = input[BATCHES][Symbol.asyncIterator]();
      return;
    }
    const asyncFactory = (input as AsyncIterable<T>)[Symbol.asyncIterator];
    if (typeof asyncFactory === "function") {
      this.isAsync = true;
      this.iterator = asyncFactory.call(input);
    } else {
      this.isAsync = false;
      this.iterator = (input as Iterable<T>)[Symbol.iterator]();
    }
  }

  get done(): boolean {
    return this.finished && this.pushedBack === undefined;
  }

  /** Next item, or `ItemSource.END` (a Promise only for async input). */
  next(): T | typeof ItemSource.END | Promise<T | typeof ItemSource.END> {
    if (this.pushedBack) {
      const item = this.pushedBack.value;
      this.pushedBack = undefined;
      this.position++;
      return item;
    }
    if (this.bufferIndex < this.buffer.length) {
      this.position++;
      return this.buffer[this.bufferIndex++]!;
    }
    if (this.finished) return ItemSource.END;
    if (this.batched) return this.nextBatch();
    const step = this.iterator.next();
    if (this.isAsync) {
      return (step as Promise<IteratorResult<T>>).then((result) => this.accept(result));
    }
    return this.accept(step as IteratorResult<T>);
  }

  private async nextBatch(): Promise<T | typeof ItemSource.END> {
    for (;;) {
      const result = await (this.iterator as AsyncIterator<readonly T[]>).next();
      if (result.done) {
        this.finished = true;
        return ItemSource.END;
      }
      if (result.value.length === 0) continue;
      this.buffer = result.value;
      this.bufferIndex = 1;
      this.position++;
      return result.value[0]!;
    }
  }

  private accept(result: IteratorResult<T>): T | typeof ItemSource.END {
    if (result.done) {
      this.finished = true;
      return ItemSource.END;
    }
    this.position++;
    return result.value;
  }

  /** Returns the last item read, so the next `next()` yields it again at the same position. */
  pushBack(value: T): void {
    this.pushedBack = { value };
    this.position--;
  }

  /** Lets a generator run its `finally` when the upload stops early. */
  async close(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.pushedBack = undefined;
    this.buffer = [];
    try {
      await this.iterator.return?.();
    } catch {
      // The source's own cleanup failing must not hide the upload's result.
    }
  }
}
