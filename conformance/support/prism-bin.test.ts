import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { startProxyTarget, usesPrismProxy } from "../targets/proxy.js";
import { findPrism, PRISM_INSTALL_LINE, PRISM_VERSION, PrismNotInstalled, requirePrism } from "./prism-bin.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

describe("finding Prism (an optional peer dependency of the package)", () => {
  test("in a checkout it is the pinned devDependency, run as a Node script", () => {
    const entry = findPrism();
    expect(entry).toMatch(/node_modules\/@stoplight\/prism-cli\/.+\.js$/);
    expect(requirePrism("test")).toBe(entry);
    expect(manifest.devDependencies["@stoplight/prism-cli"]).toBe(PRISM_VERSION);
    expect(manifest.peerDependencies["@stoplight/prism-cli"]).toBe(PRISM_VERSION);
    expect(manifest.peerDependenciesMeta["@stoplight/prism-cli"]).toEqual({ optional: true });
  });

  test("when missing, the error says what needed it, the one install line and the targets that need none", () => {
    const error = new PrismNotInstalled("--target mock");
    expect(error.message).toContain("--target mock needs Prism");
    expect(error.message).toContain(PRISM_INSTALL_LINE);
    expect(PRISM_INSTALL_LINE).toBe(`npm install --save-dev @stoplight/prism-cli@${PRISM_VERSION}`);
    expect(error.message).toMatch(/--target emulator, url and live need no Prism/);
  });
});

describe("the proxy choice of emulator and live", () => {
  const upstreams = {
    "custom-audience-1.0": "http://127.0.0.1:9",
    "custom-audience-1.1": "http://127.0.0.1:9",
    "audience-2": "http://127.0.0.1:9/2.11",
  };
  const credentials = { restKey: "rest-secret", apiKey: "APP_SECRET", projectKey: "project_secret" };

  test("none: straight to the server, no Prism started, the suite's Ajv checks are the validation", async () => {
    const target = await startProxyTarget({ name: "live", upstreams, credentials, proxy: "none" });
    expect(target).toMatchObject({ kind: "real", violations: "none", baseUrls: upstreams });
    expect(target.cleanupBaseUrls).toBeUndefined();
    expect(target.chain).toMatch(
      /straight to the server, answers checked against the bundles with Ajv \(--proxy none\)/,
    );
    expect(target.secrets.sort()).toEqual(["APP_SECRET", "project_secret", "rest-secret"]);
    await target.stop();
  });

  test("auto uses the proxy exactly when Prism is installed; prism insists on it", () => {
    expect(usesPrismProxy("auto")).toBe(findPrism() !== undefined);
    expect(usesPrismProxy("prism")).toBe(true);
    expect(usesPrismProxy("none")).toBe(false);
  });
});
