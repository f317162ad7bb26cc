/**
 * Emulator process of the throttling bench: starts the emulator on 127.0.0.1 with the options given
 * as JSON in argv[2] (rate limits included) and the keys from BENCH_REST_KEY / BENCH_PROJECT_KEY /
 * BENCH_APP_KEY (never printed), prints its port, and stops when stdin closes.
 */
import { type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";

const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions;
const { BENCH_REST_KEY: restKey, BENCH_PROJECT_KEY: projectKey, BENCH_APP_KEY: appKey } = process.env;
if (!restKey || !projectKey || !appKey)
  throw new Error("BENCH_REST_KEY, BENCH_PROJECT_KEY and BENCH_APP_KEY are required");
const emulator = await startEmulator({
  ...options,
  port: 0,
  keys: { restKeys: [restKey], projectKeys: [projectKey], apiKeys: [appKey] },
});
process.stdout.write(`${emulator.port}\n`);
process.stdin.resume();
process.stdin.on("end", () => void emulator.stop().then(() => process.exit(0)));
