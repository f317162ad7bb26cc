/**
 * What the docs-site test needs around Chromium: launching Debian's Chromium (with a message saying
 * how to get one when it is missing), serving docs-site/ on 127.0.0.1 (port 0) so "the page's own
 * host" means something, and watching every request a page makes.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `The docs-site test renders the pages in Chromium, which is not at ${executablePath}. ` +
        "Install it (Debian/Ubuntu: apt-get install chromium; .ci/run does this) or set CHROMIUM_PATH " +
        "to a Chromium or Chrome binary, then run the test again.",
    );
  }
  // The flags keep Chromium from phoning home (this machine's closed network refuses those
  // connections), and as root the sandbox cannot start.
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".yaml": "application/yaml",
};

/** A static server of `root` on 127.0.0.1 (a free port); resolves with its origin and a stop function. */
export async function serveDirectory(dir: string): Promise<{ origin: string; stop: () => Promise<void> }> {
  const root = path.resolve(dir);
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = path.join(root, decodeURIComponent(url.pathname).replace(/\/$/, "/index.html"));
    if (!file.startsWith(root + path.sep)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Records, for one page, every request to another origin than `origin` (data: and blob: URLs are
 * the page's own) and every Content-Security-Policy refusal, which would be a blocked attempt.
 */
export function watchRequests(page: Page, origin: string): { outside: string[]; refused: string[] } {
  const seen = { outside: [] as string[], refused: [] as string[] };
  page.on("request", (request) => {
    const url = request.url();
    if (!/^(data|blob):/.test(url) && new URL(url).origin !== origin) seen.outside.push(url);
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.refused.push(message.text());
  });
  return seen;
}
