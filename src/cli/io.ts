/** Where a command reads and writes; the real process in the binary, anything in tests. */
import type { Readable } from "node:stream";

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Machine output (--json) goes to stdout as one JSON document; human text otherwise. */
export function emit(io: CliIo, json: boolean, value: unknown, text: () => string): void {
  if (json) io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else io.stdout.write(`${text()}\n`);
}
