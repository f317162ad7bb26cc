/**
 * Runs a command in a real pseudo-terminal (util-linux `script`) sized with `stty`, and renders
 * what it draws with a headless xterm, so tests see the screen a person would: overwritten bar
 * frames, wrapped lines, prompts. Keys typed (an answer, Ctrl-C as "\x03") go through the
 * terminal's line discipline, so Ctrl-C reaches the terminal's whole foreground process group.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { CLI_ROOT } from "./build.js";
import { cleanEnv, track } from "./support.js";

// The package's "module" field names a file it does not ship; its CommonJS entry is fine.
const { Terminal } = createRequire(import.meta.url)("@xterm/headless") as typeof import("@xterm/headless");

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[78()][0-9A-Za-z]?|\r/g;

export interface TtyOptions {
  cols: number;
  rows: number;
  env?: Record<string, string | undefined>;
}

export class TtySession {
  private readonly terminal: InstanceType<typeof Terminal>;
  private parsed: Promise<void> = Promise.resolve();
  private text = "";
  private waiters: Array<() => void> = [];
  private readonly child;
  readonly exited: Promise<number | null>;

  constructor(command: string[], options: TtyOptions) {
    this.terminal = new Terminal({ cols: options.cols, rows: options.rows, scrollback: 5000, allowProposedApi: true });
    const shell = `stty cols ${options.cols} rows ${options.rows}; exec ${command.map(quote).join(" ")}`;
    this.child = track(
      spawn("script", ["-q", "-e", "-c", shell, "/dev/null"], {
        cwd: CLI_ROOT,
        env: cleanEnv({ TERM: "xterm-256color", ...options.env }),
        stdio: ["pipe", "pipe", "pipe"],
      }),
    );
    this.child.stdout!.on("data", (data: Buffer) => {
      this.text += data.toString("utf8").replace(ESCAPES, "");
      this.parsed = this.parsed.then(() => new Promise<void>((resolve) => this.terminal.write(data, resolve)));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr!.resume();
    this.exited = new Promise((resolve, reject) => {
      this.child.on("error", reject);
      this.child.on("close", (code) => resolve(code));
    });
  }

  /** Everything printed so far, escape sequences removed (for waiting, not for layout). */
  get output(): string {
    return this.text;
  }

  /** Resolves once the output matches; rejects if the command ends first. */
  async waitFor(pattern: RegExp): Promise<void> {
    let ended = false;
    void this.exited.then(() => {
      ended = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    while (!pattern.test(this.text)) {
      if (ended) throw new Error(`command ended before printing ${pattern}; it printed:\n${this.text}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Keys typed on the terminal ("y\r", "\x03" for Ctrl-C). */
  type(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /**
   * Waits for the command to end; returns its exit code and the screen, scrollback included, as
   * logical lines: a line the terminal wrapped at its width is joined back with its continuation.
   */
  async finish(): Promise<{ code: number | null; screen: string[] }> {
    const code = await this.exited;
    this.child.stdin!.end();
    await this.parsed;
    const buffer = this.terminal.buffer.normal;
    const screen: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      const text = line?.translateToString(true) ?? "";
      if (line?.isWrapped && screen.length > 0) screen[screen.length - 1] += text;
      else screen.push(text);
    }
    while (screen.length > 0 && screen[screen.length - 1] === "") screen.pop();
    return { code, screen };
  }
}
