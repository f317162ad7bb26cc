/**
 * Code samples for every operation, built from the spec's own examples (path and query parameter
 * examples, the first named request-body example, the security scheme): a curl line, the TypeScript
 * client and the `batch-audience` command. Keys come from the environment variables the CLI reads,
 * never from the example values. test/spec/docs-samples.test.ts runs the curl and CLI samples
 * against the emulator and type-checks the TypeScript ones.
 */
import { type ApiId, type DocOperation, type Json, operationsOf } from "./bundle.js";

export interface CodeSamples {
  readonly curl: string;
  readonly typescript: string;
  readonly cli: string;
  /** The audience the samples act on (tests create it first when the operation needs it). */
  readonly audienceName: string | undefined;
}

export const PRODUCTION_HOST = "https://api.batch.com";

/** Parameters that carry a key: the sample reads them from the CLI's environment variables. */
const KEY_PARAMETERS: Record<string, string> = { apiKey: "BATCH_API_KEY", "X-Batch-Project": "BATCH_PROJECT_KEY" };

const CLI_API: Record<ApiId, string> = {
  "custom-audience-1.0": "1.0",
  "custom-audience-1.1": "1.1",
  "audience-2": "2",
};

/** Client method per operationId (the same id in every version of the spec). */
const CLIENT_METHOD: Record<string, string> = {
  createAudience: "create",
  updateAudience: "update",
  replaceAudience: "replace",
  deleteAudience: "delete",
  getAudience: "get",
  listAudiences: "list",
};

/** CLI command per operationId, and the flag of each body field it takes. */
const CLI_COMMAND: Record<string, string> = {
  createAudience: "create",
  updateAudience: "update",
  replaceAudience: "replace",
  deleteAudience: "delete",
  getAudience: "view",
  listAudiences: "list",
};

/** Single quotes unless the word is plainly safe for a shell. */
const shellQuote = (text: string) => (/^[\w./:@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** JSON, indented, each line after the first shifted by `indent` (for a continued shell line). */
const pretty = (value: unknown, indent = "") => JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
/** A TypeScript literal: JSON with quotes dropped from keys that are identifiers. */
const tsLiteral = (value: unknown) => pretty(value).replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, "$1$2:");
/** One line when short, else one option per continued line. */
const commandLine = (parts: string[]) =>
  parts.join(" ").length <= 90 && !parts.some((p) => p.includes("\n")) ? parts.join(" ") : parts.join(" \\\n  ");

function baseUrl(doc: Json): string {
  const server = doc.servers[0];
  const vars: Record<string, Json> = server.variables ?? {};
  return (server.url as string).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name]?.default));
}

function audienceNameOf(op: DocOperation): string | undefined {
  const param = op.parameters.find((p) => p.name === "audienceName" || (p.name === "name" && p.in === "query"));
  return (param?.example as string | undefined) ?? (op.body?.name as string | undefined);
}

function authHeaders(doc: Json): string[] {
  const headers: string[] = [];
  for (const requirement of doc.security ?? []) {
    for (const name of Object.keys(requirement)) {
      const scheme = doc.components.securitySchemes[name];
      if (scheme.type === "http" && scheme.scheme === "bearer") headers.push('"Authorization: Bearer $BATCH_REST_KEY"');
      else if (scheme.type === "apiKey" && scheme.in === "header") headers.push(`"${scheme.name}: $BATCH_REST_KEY"`);
    }
  }
  return headers;
}

function curlSample(op: DocOperation, doc: Json): string {
  let route = op.path;
  const query: string[] = [];
  const headers = authHeaders(doc);
  for (const p of op.parameters) {
    const value = KEY_PARAMETERS[p.name] ? `$${KEY_PARAMETERS[p.name]}` : encodeURIComponent(String(p.example));
    if (p.in === "path") route = route.replace(`{${p.name}}`, value);
    else if (p.in === "query" && p.required) query.push(`${p.name}=${value}`);
    else if (p.in === "header" && p.required) headers.push(`"${p.name}: ${value}"`);
  }
  const url = `${baseUrl(doc)}${route}${query.length ? `?${query.join("&")}` : ""}`;
  const lines = [`curl ${op.method === "get" ? "" : `-X ${op.method.toUpperCase()} `}"${url}"`];
  for (const header of headers) lines.push(`-H ${header}`);
  if (op.body) lines.push(`-H "Content-Type: application/json"`, `-d ${shellQuote(pretty(op.body, "  "))}`);
  return lines.join(" \\\n  ");
}

function clientSetup(api: ApiId): string {
  if (api === "audience-2") {
    return `import { createAudienceClient } from "batch-audience-toolkit";

const client = createAudienceClient({
  restKey: process.env.BATCH_REST_KEY!,
  projectKey: process.env.BATCH_PROJECT_KEY!,
});`;
  }
  return `import { createCustomAudienceClient } from "batch-audience-toolkit";

const client = createCustomAudienceClient({
  version: "${CLI_API[api]}",
  apiKey: process.env.BATCH_API_KEY!,
  restKey: process.env.BATCH_REST_KEY!,
});`;
}

function typescriptSample(op: DocOperation): string {
  const method = CLIENT_METHOD[op.operationId];
  if (!method) throw new Error(`no client method for ${op.api} ${op.operationId}`);
  const name = audienceNameOf(op);
  const { name: _name, ids, ...rest } = op.body ?? {};
  const options = Object.fromEntries(Object.entries(rest).map(([key, value]) => [camel(key), value]));
  const args: string[] = [];
  if (name !== undefined && method !== "list") args.push(JSON.stringify(name));
  if (ids !== undefined) args.push(tsLiteral(ids));
  if (Object.keys(options).length > 0) args.push(tsLiteral(options));
  return `${clientSetup(op.api)}\nconst result = await client.${method}(${args.join(", ")});\nconsole.log(result);\n`;
}

function cliSample(op: DocOperation): string {
  const command = CLI_COMMAND[op.operationId];
  if (!command) throw new Error(`no CLI command for ${op.api} ${op.operationId}`);
  const parts = [`npx batch-audience ${command} --api ${CLI_API[op.api]}`];
  const name = audienceNameOf(op);
  if (name !== undefined && command !== "list") parts.push(`--name ${shellQuote(name)}`);
  const { name: _name, ids, ...rest } = op.body ?? {};
  for (const [key, value] of Object.entries(rest))
    parts.push(`--${key.replace(/_/g, "-")} ${shellQuote(String(value))}`);
  if (ids !== undefined) parts.push(`--ids-json ${shellQuote(pretty(ids, "  "))}`);
  return commandLine(parts);
}

export function codeSamples(op: DocOperation, doc: Json): CodeSamples {
  return {
    curl: curlSample(op, doc),
    typescript: typescriptSample(op),
    cli: cliSample(op),
    audienceName: audienceNameOf(op),
  };
}

/** Every operation of a bundle with its samples. */
export function samplesOf(api: ApiId, doc: Json): Array<{ op: DocOperation; samples: CodeSamples }> {
  return operationsOf(api, doc).map((op) => ({ op, samples: codeSamples(op, doc) }));
}

/** The samples' languages: `label` names the tab, `lang` picks the highlighting. */
export const SAMPLE_LANGUAGES = [
  { key: "curl", label: "curl", lang: "bash", sample: "curl" },
  { key: "typescript", label: "TypeScript", lang: "typescript", sample: "typescript" },
  { key: "cli", label: "CLI", lang: "bash", sample: "cli" },
  { key: "payload", label: "Payload", lang: "payload", sample: undefined },
] as const;

/** Adds `x-codeSamples` (Redoc's code sample panel) to every operation of `doc`, in place. */
export function addCodeSamples(api: ApiId, doc: Json): void {
  for (const { op, samples } of samplesOf(api, doc)) {
    op.node["x-codeSamples"] = SAMPLE_LANGUAGES.flatMap(({ label, lang, sample }) =>
      sample ? [{ lang, label, source: samples[sample] }] : [],
    );
  }
}
