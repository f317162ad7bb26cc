/**
 * Key names and development keys shared by the client, the CLI and the emulator. The client
 * factories and the CLI read keys from these variables; the emulator accepts the development keys
 * when none are configured (they are not secrets, and `--emulator` uses them).
 */

/** Environment variables holding Batch keys: the 1.x app key is `apiKey`, 2.x needs `projectKey`. */
export const KEY_VARIABLES = {
  restKey: "BATCH_REST_KEY",
  apiKey: "BATCH_API_KEY",
  projectKey: "BATCH_PROJECT_KEY",
} as const;

/** The emulator's built-in development keys. */
export const DEVELOPMENT_KEYS: Readonly<{ restKeys: string[]; apiKeys: string[]; projectKeys: string[] }> =
  Object.freeze({
    restKeys: ["emulator-rest-key"],
    apiKeys: ["EMULATOR_APP_KEY"],
    projectKeys: ["project_emulator"],
  });
