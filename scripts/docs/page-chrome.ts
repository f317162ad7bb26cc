/**
 * What every docs page shares: the navigation bar (home, the three references, the inferred points,
 * this page's spec downloads), its style, and the Content-Security-Policy that keeps every page on its own host
 * (a browser refuses any request to another origin, so a future Redoc asset on a CDN cannot slip in).
 */
import { APIS } from "../apis.js";
import type { ApiId } from "./bundle.js";

/** Scripts and styles are inline (Redoc's bundle is embedded); workers and images may be blob:/data:. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
].join("; ");

export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const NAV_CSS = `
.site-nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 1.25rem; padding: 0.6rem 1.5rem;
  background: #12263f; color: #fff; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
.site-nav a { color: #dbe7ff; text-decoration: none; padding: 0.15rem 0; border-bottom: 2px solid transparent; }
.site-nav a:hover { color: #fff; border-bottom-color: #7aa7ff; }
.site-nav a[aria-current="page"] { color: #fff; font-weight: 600; border-bottom-color: #fff; }
.site-nav .home { font-weight: 700; color: #fff; margin-right: 0.75rem; }
.site-nav .downloads { margin-left: auto; color: #b8c7e0; font-size: 14px; }
.site-nav .downloads a { margin-left: 0.5rem; }
`;

/** A page of the site: the landing page, the inferred-points page (both at the root) or a reference. */
export type SitePage = ApiId | "home" | "inferred";

/** Path from a page to the site root: "" on the pages at the root, "../" on a reference page. */
const rootOf = (current: SitePage) => (current === "home" || current === "inferred" ? "" : "../");

export function navHtml(current: SitePage): string {
  const root = rootOf(current);
  const links = APIS.map((api) => {
    const here = api.id === current ? ' aria-current="page"' : "";
    return `<a href="${root}${api.id}/index.html"${here}>${escapeHtml(api.title)}</a>`;
  }).join("\n    ");
  const inferred = `<a href="${root}inferred.html"${current === "inferred" ? ' aria-current="page"' : ""}>Inferred points</a>`;
  const downloads =
    current === "home" || current === "inferred"
      ? ""
      : `\n    <span class="downloads">This spec: <a href="${root}specs/${current}.yaml" download>YAML</a>` +
        `<a href="${root}specs/${current}.json" download>JSON</a></span>`;
  return `<nav class="site-nav" aria-label="Site">
    <a class="home" href="${root}index.html"${current === "home" ? ' aria-current="page"' : ""}>Batch audience APIs</a>
    ${links}
    ${inferred}${downloads}
  </nav>`;
}
