/**
 * Start and stop Prism (`prism mock` / `prism proxy`) as child processes on 127.0.0.1.
 *
 * Each Prism runs in its own process group so `stop()` also ends any worker Prism forks (`-m`).
 * Every started Prism is registered so that the current process never leaves one behind: it is
 * killed on normal exit, on SIGINT/SIGTERM, and when its handle's `stop()` is called.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { requirePrism } from "./prism-bin.js";

export interface StartPrismOptions {
  /** Path to the (bundled) OpenAPI document. */
  specPath: string;
  /** `mock` (default) answers from the spec; `proxy` forwards to `upstream` and validates. */
  mode?: "mock" | "proxy";
  /** Upstream base URL, required for `proxy`. Prism ignores `servers`, so it must carry any base path. */
  upstream?: string;
  /** Fixed port; by default the OS picks a free one. */
  port?: number;
  /** Extra CLI flags, e.g. `["-v", "warn"]` or `["--errors"]`. */
  extraArgs?: string[];
  /** How long to wait for Prism to accept connections (default 20 s). */
  readyTimeoutMs?: number;
}

export interface PrismHandle {
  baseUrl: string;
  port: number;
  /** Stops Prism (SIGTERM, then SIGKILL after a grace period). Safe to call more than once. */
  stop(): Promise<void>;
  /** Everything Prism wrote to stdout/stderr so far (capped to the last 256 KiB). */
  output(): string;
}

const HOST = "127.0.0.1";
const OUTPUT_CAP = 256 * 1024;
const STOP_GRACE_MS = 2_000;

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

/** Ask the OS for a port that is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the port the OS assigned"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** Start Prism and resolve once it accepts TCP connections. */
export async function startPrism(opts: StartPrismOptions): Promise<PrismHandle> {
  const mode = opts.mode ?? "mock";
  if (mode === "proxy" && !opts.upstream) throw new Error("startPrism: proxy mode needs an upstream URL");
  // A port picked by freePort() can be taken by someone else before Prism binds it; retry then.
  const attempts = opts.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await startOnPort(opts, mode, port);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PrismStartError) || !/EADDRINUSE/.test(error.output)) throw error;
    }
  }
  throw lastError;
}

class PrismStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- prism output ---\n${output.slice(-8_000)}`);
    this.name = "PrismStartError";
  }
}

async function startOnPort(opts: StartPrismOptions, mode: "mock" | "proxy", port: number): Promise<PrismHandle> {
  const args = mode === "mock" ? ["mock", opts.specPath] : ["proxy", opts.specPath, opts.upstream ?? ""];
  args.push("-h", HOST, "-p", String(port), ...(opts.extraArgs ?? []));

  const prism = requirePrism(`prism ${mode}`);
  installExitHooks();
  // Prism's CLI is a plain Node.js script: run it with this Node (no shell shim, works on Windows too).
  const child = spawn(process.execPath, [prism, ...args], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  running.add(child);

  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > OUTPUT_CAP) output = output.slice(-OUTPUT_CAP);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);

  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      running.delete(child);
      resolve();
    });
    child.once("error", (error) => {
      append(Buffer.from(`\n[spawn error] ${error.message}\n`));
      running.delete(child);
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null || !running.has(child)) return;
      signalGroup(child, "SIGTERM");
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_GRACE_MS).unref());
      if ((await Promise.race([exited.then(() => "exited" as const), timer])) === "timeout") {
        signalGroup(child, "SIGKILL");
        await exited;
      }
    })();
    return stopping;
  };

  const timeoutMs = opts.readyTimeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  while (true) {
    if (hasExited) throw new PrismStartError(`prism ${mode} exited before it was ready (port ${port})`, output);
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new PrismStartError(`prism ${mode} was not ready after ${timeoutMs} ms (port ${port})`, output);
    }
    await sleep(50);
  }

  return { baseUrl: `http://${HOST}:${port}`, port, stop, output: () => output };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone; try the process itself in case it never became a group leader.
    try {
      child.kill(signal);
    } catch {
      /* already dead */
    }
  }
}

function killAllNow(): void {
  for (const child of running) signalGroup(child, "SIGKILL");
  running.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once("exit", killAllNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAllNow();
      // Keep the default meaning of the signal (terminate) unless someone else handles it too.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Number of Prism processes this module started that are still running (for tests). */
export function runningPrismCount(): number {
  return running.size;
}
