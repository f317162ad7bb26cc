/**
 * Ctrl-C (or SIGTERM) during a sync. The first stops reading and lets the chunks in flight be
 * acknowledged, so the checkpoint holds every row Batch accepted; a second aborts those requests
 * (their rows are sent again on --resume). Signals reach it through `io.onInterrupt`, wired to the
 * process by the binary's entry only.
 */
import type { CliIo } from "../io.js";

export class SyncInterrupt {
  private stop = false;
  private readonly controller = new AbortController();

  /** Aborts the requests in flight (the second Ctrl-C). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopRequested(): boolean {
    return this.stop;
  }

  /** Starts listening; returns the function that stops listening. */
  listen(io: CliIo, note: (text: string) => void): () => void {
    return io.onInterrupt(() => {
      if (!this.stop) {
        this.stop = true;
        note("interrupted: finishing the chunks in flight and saving the checkpoint (Ctrl-C again to abort them)");
      } else if (!this.controller.signal.aborted) {
        note("aborting the chunks in flight: their rows will be sent again by --resume");
        this.controller.abort();
      }
    });
  }
}
