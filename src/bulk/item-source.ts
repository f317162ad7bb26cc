/**
 * Pull-based reading of a sync or async iterable, one item at a time, with a one-item push-back.
 * Sync input is read without an await per item (a million awaits cost more than the rest of the
 * chunking); async input is awaited item by item, which is where backpressure comes from: nothing is
 * read while every lane is full.
 */
export class ItemSource<T> {
  private readonly iterator: Iterator<T> | AsyncIterator<T>;
  readonly isAsync: boolean;
  /** Input position of the next item returned. */
  position = 0;
  private pushedBack: { value: T } | undefined;
  /** Returned by `next()` at the end of the input (no wrapper object per item). */
  static readonly END: unique symbol = Symbol("end of input");
  private finished = false;

  constructor(input: Iterable<T> | AsyncIterable<T>) {
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
    if (this.finished) return ItemSource.END;
    const step = this.iterator.next();
    if (this.isAsync) {
      return (step as Promise<IteratorResult<T>>).then((result) => this.accept(result));
    }
    return this.accept(step as IteratorResult<T>);
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
    try {
      await this.iterator.return?.();
    } catch {
      // The source's own cleanup failing must not hide the upload's result.
    }
  }
}
