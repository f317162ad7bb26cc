/**
 * `npm run emulator`: starts the Batch audience emulator on 127.0.0.1 and prints its base URLs.
 * Stops on Ctrl-C / SIGTERM. Options: `npm run emulator -- --help`.
 */
import { HELP, parseCli } from "../src/emulator/cli.js";
import { type RateLimitOptions, startEmulator } from "../src/emulator/index.js";
import { UsageError } from "../src/shared/usage-error.js";

function describeRateLimits(limits: RateLimitOptions | undefined): string {
  const entries = Object.entries(limits ?? {}).filter(([, limit]) => limit);
  if (entries.length === 0) return "off";
  return entries
    .map(
      ([api, limit]) =>
        `${api} ${limit!.requestsPerSecond}/s burst ${limit!.burst ?? Math.max(1, limit!.requestsPerSecond)}`,
    )
    .join("; ");
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`emulator: ${error.message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (config.help) {
    console.log(HELP);
    return;
  }
  const emulator = await startEmulator(config.options);
  const rates = Object.entries(config.options.faults?.rates ?? {});
  console.log(
    [
      `Batch audience emulator listening on ${emulator.baseUrl}`,
      `  custom-audience-1.0  ${emulator.urls["custom-audience-1.0"]}/1.0/{apiKey}/custom-audience`,
      `  custom-audience-1.1  ${emulator.urls["custom-audience-1.1"]}/1.1/{apiKey}/custom-audience`,
      `  audience-2           ${emulator.urls["audience-2"]}/audiences/{create,update,replace,remove,view,list}`,
      `  control              ${emulator.baseUrl}/_emulator/stats`,
      `Keys (keys you set are never printed; the development keys are not secrets):`,
      `  REST keys     ${config.keySources.restKeys}`,
      `  app API keys  ${config.keySources.apiKeys}`,
      `  project keys  ${config.keySources.projectKeys}`,
      `Indexing delay ${config.options.indexingDelayMs} ms, ${config.options.indexingPolls} polls${config.options.holdIndexing ? ", held" : ""}; faults ${rates.length === 0 ? "off" : rates.map(([k, r]) => `${k}=${r}`).join(" ")}; seed ${config.options.seed}`,
      `Rate limits ${describeRateLimits(config.options.rateLimits)}`,
    ].join("\n"),
  );
  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
