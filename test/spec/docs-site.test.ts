/**
 * Builds the docs site, serves it on 127.0.0.1 and opens every page in headless Chromium (Debian's,
 * installed by .ci/run): the landing page (the three APIs, the operation × version table whose links
 * reach each operation, the downloads), each reference (clean title, navigation, every operation with
 * its curl / TypeScript / CLI samples), the inferred-points ledger grouped by API, and no request to
 * any other host. Screenshots land in
 * docs-site/screenshots/ (not committed) for a person to look at.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { APIS } from "../../scripts/apis.js";
import { loadBundle } from "../../scripts/docs/bundle.js";
import { samplesOf } from "../../scripts/docs/code-samples.js";
import { liveRunReport } from "../../scripts/docs/inferred-page.js";
import { cleanTitle } from "../../scripts/docs/reference-page.js";
import { operationAnchor } from "../../scripts/docs/version-table.js";
import { inferredLedger } from "../../src/shared/inferred/ledger.js";
import { launchChromium, serveDirectory, watchRequests } from "./docs-browser.js";

const SHOTS = "docs-site/screenshots";
/** Rendering and clicking through a Redoc page takes seconds idle, much longer on a loaded machine. */
const SLOW = 240_000;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveDirectory>>;
const requests: Array<{ page: string; outside: string[]; refused: string[] }> = [];

beforeAll(async () => {
  execFileSync("node_modules/.bin/tsx", ["scripts/build-docs.ts"], { stdio: "pipe" });
  mkdirSync(SHOTS, { recursive: true });
  site = await serveDirectory("docs-site");
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function open(file: string, viewport = { width: 1400, height: 1000 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  requests.push({ page: file, ...watchRequests(page, site.origin) });
  await page.goto(`${site.origin}/${file}`);
  return page;
}

/** The operation's heading is on screen (Redoc scrolled to it), not just somewhere in the page. */
async function onScreen(page: Page, summary: string): Promise<boolean> {
  const box = await page.getByRole("heading", { name: summary }).first().boundingBox();
  return box !== null && box.y >= 0 && box.y < (page.viewportSize()?.height ?? 0);
}

const samples = Object.fromEntries(APIS.map((api) => [api.id, samplesOf(api.id, loadBundle(api.id))]));

describe("landing page", () => {
  test(
    "explains the three APIs, links every reference and says which one to use",
    async () => {
      const page = await open("index.html");
      expect(await page.title()).toBe("Batch audience APIs · references, versions and specs");
      const cards = page.locator("section.card");
      expect(await cards.count()).toBe(3);
      for (const api of APIS) {
        const card = cards.filter({ has: page.getByRole("heading", { name: api.title }) });
        await expect.poll(() => card.count()).toBe(1);
        expect(await card.textContent()).toMatch(/Use it when/);
        expect(await page.locator(`nav.site-nav a[href="${api.id}/index.html"]`).count()).toBe(1);
      }
      expect(await page.locator("ol.choose li").count()).toBe(3);
      await page.screenshot({ path: `${SHOTS}/index.png`, fullPage: true });
      await page.close();
    },
    SLOW,
  );

  test(
    "has an operation × version table with a cell per API and links that reach each operation",
    async () => {
      const page = await open("index.html");
      const ids = [...new Set(APIS.flatMap((api) => samples[api.id]!.map((s) => s.op.operationId)))];
      const rows = page.locator("table.versions tbody tr");
      expect(await rows.count()).toBe(ids.length);
      for (const api of APIS) {
        for (const { op } of samples[api.id]!) {
          const link = page.locator(`table.versions a[href="${operationAnchor(op)}"]`);
          expect(await link.count(), `${api.id} ${op.operationId}`).toBe(1);
          expect(await link.textContent()).toContain(op.path);
        }
      }
      // 1.0 has no replace: its cell says so.
      expect(await page.locator("td.absent").count()).toBeGreaterThan(0);
      // Following a link opens the reference at that operation.
      const op = samples["custom-audience-1.1"]!.find((s) => s.op.operationId === "replaceAudience")!.op;
      await page.locator(`table.versions a[href="${operationAnchor(op)}"]`).click();
      await expect.poll(() => onScreen(page, op.summary), { timeout: 15_000 }).toBe(true);
      await page.close();
    },
    SLOW,
  );

  test(
    "offers every bundle for download as YAML and JSON, equal to generated/",
    async () => {
      const page = await open("index.html");
      for (const api of APIS) {
        const bundle = readFileSync(`generated/${api.id}/openapi.yaml`, "utf8");
        const yaml = page.locator(`table.downloads a[href="specs/${api.id}.yaml"]`);
        const json = page.locator(`table.downloads a[href="specs/${api.id}.json"]`);
        expect(await yaml.getAttribute("download")).not.toBeNull();
        expect(await (await page.request.get(`${site.origin}/specs/${api.id}.yaml`)).text()).toBe(bundle);
        expect(await (await page.request.get(`${site.origin}/specs/${api.id}.json`)).json()).toEqual(parse(bundle));
        expect(await json.count()).toBe(1);
      }
      await page.close();
    },
    SLOW,
  );
});

describe("inferred points page", () => {
  test(
    "lists every point of the ledger under its API: what is assumed, the file, the operations, what a live run reports",
    async () => {
      const page = await open("inferred.html");
      expect(await page.title()).toBe("Inferred points · Batch audience APIs");
      expect(await page.locator('nav.site-nav a[href="inferred.html"]').getAttribute("aria-current")).toBe("page");
      const ledger = inferredLedger();
      expect(await page.locator("table.ledger tbody tr").count()).toBe(ledger.length);
      for (const api of APIS) {
        const points = ledger.filter((p) => p.api === api.id);
        expect(points.length).toBeGreaterThan(0);
        const section = page.locator(`section.api[id="${api.id}"]`);
        expect(await section.locator("h2").textContent()).toContain(api.title);
        expect(await section.locator("tbody tr").count()).toBe(points.length);
        // Spot-check one judged point per API, cell by cell, against the ledger.
        const point = points.find((p) => p.kind !== "operation")!;
        const cells = section.locator(`tr[id="${point.id}"] td`);
        expect(await cells.nth(0).textContent()).toContain(point.location);
        expect(await cells.nth(1).textContent()).toBe(point.assumed.replaceAll("`", ""));
        expect(await cells.nth(2).textContent()).toContain(point.specFile);
        expect(await cells.nth(3).textContent()).toContain(point.usedBy[0]!.operationId);
        expect(await cells.nth(4).innerHTML()).toBe(liveRunReport(point));
      }
      // An operation link opens the reference at that operation.
      const op = samples["audience-2"]!.find((s) => s.op.operationId === "updateAudience")!.op;
      const link = page.locator(`section.api[id="audience-2"] a[href="${operationAnchor(op)}"]`).first();
      await page.screenshot({ path: `${SHOTS}/inferred.png` });
      await link.click();
      await expect.poll(() => onScreen(page, op.summary), { timeout: 15_000 }).toBe(true);
      await page.close();
    },
    SLOW,
  );

  test("is linked from the landing page and from every reference's navigation", async () => {
    const home = await open("index.html");
    expect(await home.locator('main a[href="inferred.html"]').count()).toBe(1);
    expect(await home.locator('nav.site-nav a[href="inferred.html"]').count()).toBe(1);
    await home.close();
    for (const api of APIS) {
      const page = await open(`${api.id}/index.html`);
      expect(await page.locator('nav.site-nav a[href="../inferred.html"]').count()).toBe(1);
      await page.close();
    }
  });
});

describe.each(APIS.map((api) => [api.id, api] as const))("%s reference", (id, api) => {
  test(
    "has a clean title, navigation to the other pages and every operation in its menu",
    async () => {
      const page = await open(`${id}/index.html`);
      const info = loadBundle(id).info;
      expect(await page.title()).toBe(`${api.title} reference · Batch audience APIs`);
      const h1 = page.getByRole("heading", { level: 1 }).first();
      await expect.poll(() => h1.textContent()).toBe(`${cleanTitle(info)} (${info.version})`);
      expect(await h1.textContent()).not.toMatch(new RegExp(`${info.version.replace(".", "\\.")} \\(`));
      const nav = await page.locator("nav.site-nav a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(nav).toEqual(
        expect.arrayContaining([
          "../index.html",
          ...APIS.map((other) => `../${other.id}/index.html`),
          `../specs/${id}.yaml`,
          `../specs/${id}.json`,
        ]),
      );
      await page.screenshot({ path: `${SHOTS}/${id}.png` });
      for (const tag of new Set(samples[id]!.map((s) => s.op.node.tags[0] as string))) {
        await page.getByText(tag, { exact: true }).first().click();
      }
      for (const { op } of samples[id]!) {
        await expect
          .poll(() => page.getByText(op.summary, { exact: true }).count(), { timeout: 15_000 })
          .toBeGreaterThan(0);
      }
      await page.locator("nav.site-nav a.home").click();
      await expect.poll(() => page.title()).toBe("Batch audience APIs · references, versions and specs");
      await page.close();
    },
    SLOW,
  );

  test(
    "shows curl, TypeScript and CLI samples on every operation",
    async () => {
      const page = await open(`${id}/index.html`);
      for (const { op, samples: sample } of samples[id]!) {
        await page.goto(`${site.origin}/${operationAnchor(op)}`);
        await expect.poll(() => onScreen(page, op.summary), { timeout: 15_000 }).toBe(true);
        const expected: Array<[string, string]> = [
          ["curl", sample.curl.split("\n")[0]!.replace(/ \\$/, "")],
          ["TypeScript", sample.typescript.split("\n").find((line) => line.includes("await client."))!],
          ["CLI", sample.cli.split("\n")[0]!.replace(/ \\$/, "")],
        ];
        // Redoc renders neighbouring operations too: look inside this operation's section only.
        const section = page.locator(`[data-section-id="${operationAnchor(op).split("#")[1]}"]`);
        for (const [label, line] of expected) {
          await section
            .getByRole("button", { name: /^(curl|TypeScript|CLI|Payload)$/ })
            .first()
            .click();
          await page.getByRole("menuitem", { name: label, exact: true }).click();
          const panel = section.locator('[data-component-name="CodeBlock/CodeBlock"]').first();
          // biome-ignore lint/performance/useDomNodeTextContent: the highlighted code as a reader sees it.
          await expect.poll(() => panel.innerText(), { timeout: 10_000 }).toContain(line);
        }
        if (op.operationId === "updateAudience")
          await page.screenshot({ path: `${SHOTS}/${id}-${op.operationId}.png` });
      }
      await page.close();
    },
    SLOW,
  );
});

test("without Chromium, the test says how to install it or where to point CHROMIUM_PATH", async () => {
  await expect(launchChromium("/nonexistent/chromium")).rejects.toThrow(
    /not at \/nonexistent\/chromium.*apt-get install chromium.*CHROMIUM_PATH/,
  );
});

test("no page requested anything from another host", () => {
  expect(requests.length).toBeGreaterThanOrEqual(2 + APIS.length * 2);
  expect(requests.some((r) => r.page === "inferred.html")).toBe(true);
  expect(requests.filter((r) => r.outside.length > 0 || r.refused.length > 0)).toEqual([]);
});
