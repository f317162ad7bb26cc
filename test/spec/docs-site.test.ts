/**
 * Builds the docs site and opens every page in headless Chromium (Debian's, installed by .ci/run),
 * checking that each API's operations are listed. Screenshots land in test-output/docs/ for a person.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { APIS } from "../../scripts/apis.js";
import { operations } from "../support/bundles.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = "test-output/docs";
let browser: Browser;

beforeAll(async () => {
  execFileSync("node_modules/.bin/tsx", ["scripts/build-docs.ts"], { stdio: "pipe" });
  mkdirSync(SHOTS, { recursive: true });
  // The flags keep Chromium from phoning home: this machine's closed network refuses those
  // connections, and as root the sandbox cannot start.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}, 120_000);
afterAll(async () => browser?.close());

const pageUrl = (file: string) => pathToFileURL(path.resolve("docs-site", file)).href;

describe("docs site", () => {
  test("the index page links every API reference", async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl("index.html"));
    const hrefs = await page.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(APIS.map((api) => `${api.id}/index.html`));
    await page.screenshot({ path: `${SHOTS}/index.png` });
    await page.close();
  });

  test.each(APIS.map((api) => [api.id] as const))("%s reference lists every operation", async (api) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(pageUrl(`${api}/index.html`));
    const ops = [...operations(api).values()];
    expect(ops.length).toBeGreaterThan(0);
    // The tag overview lists every operation as "METHOD path" once Redoc has hydrated the page.
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is what a reader sees once rendered.
    const overview = async () => (await page.innerText("body")).replace(/\s+/g, " ");
    for (const { method, path: route } of ops) {
      await expect.poll(overview, { timeout: 15_000 }).toContain(`${method.toUpperCase()} ${route}`);
    }
    // Opening each tag in the side menu shows every operation by its summary.
    const tags = new Set(ops.flatMap((op) => op.operation.tags as string[]));
    for (const tag of tags) await page.getByText(tag, { exact: true }).first().click();
    for (const { operation: op } of ops) {
      await expect
        .poll(() => page.getByText(op.summary as string, { exact: true }).count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
    }
    await page.screenshot({ path: `${SHOTS}/${api}.png` });
    await page.close();
  });
});
