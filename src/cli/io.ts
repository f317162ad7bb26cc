/** Where a command reads and writes, and how it hears Ctrl-C: the real process in the binary, anything in tests. */
import type { Readable } from "node:stream";

export type InterruptListener = () => void;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /**
   * Ctrl-C or SIGTERM. While a listener is registered it runs instead of the default (exit 130);
   * the returned function unregisters it. Only the binary's entry (main.ts) touches process signals.
   */
  onInterrupt(listener: InterruptListener): () => void;
}

export function processIo(onInterrupt: CliIo["onInterrupt"]): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, onInterrupt };
}

/** Machine output (--json) goes to stdout as one JSON document; human text otherwise. */
export function emit(io: CliIo, json: boolean, value: unknown, text: () => string): void {
  if (json) io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else io.stdout.write(`${text()}\n`);
}
