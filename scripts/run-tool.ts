import { spawn } from "node:child_process";

/**
 * Runs a locally installed CLI (node_modules/.bin) and resolves with its output; rejects with the
 * output when it fails, so a broken spec shows the tool's own message instead of a bare exit code.
 */
export function runTool(bin: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(`node_modules/.bin/${bin}`, args, {
      stdio: ["ignore", "pipe", "pipe"],
      // Redocly prints a Node 20 end-of-life banner and update notices on every run; they are noise here.
      env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_TELEMETRY: "off", NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${bin} ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}
