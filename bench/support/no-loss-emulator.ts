/**
 * Emulator process of the no-loss bench: starts the emulator on 127.0.0.1 with the options given as
 * JSON in argv[2] and the keys from BENCH_REST_KEY / BENCH_PROJECT_KEY (never printed), prints its
 * port, and stops when stdin closes (the bench ends it that way, or the bench itself died).
 */
import { type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";

const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions;
const restKey = process.env.BENCH_REST_KEY;
const projectKey = process.env.BENCH_PROJECT_KEY;
if (!restKey || !projectKey) throw new Error("BENCH_REST_KEY and BENCH_PROJECT_KEY are required");
const emulator = await startEmulator({ ...options, port: 0, keys: { restKeys: [restKey], projectKeys: [projectKey] } });
process.stdout.write(`${emulator.port}\n`);
process.stdin.resume();
process.stdin.on("end", () => void emulator.stop().then(() => process.exit(0)));
