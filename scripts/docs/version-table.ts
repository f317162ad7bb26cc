/**
 * The operation × version table of the landing page, read from the three bundles: for each
 * operation (matched by operationId, the same in every version), its method and path in each API,
 * the success statuses, the request fields, the query parameters and the error statuses. A value
 * that not every version has is highlighted, so the differences stand out; "—" marks an operation a
 * version does not have.
 */
import { APIS } from "../apis.js";
import { type ApiId, type DocOperation, deref, type Json, operationsOf } from "./bundle.js";
import { escapeHtml } from "./page-chrome.js";

/** Redoc's route to an operation: `#/<tag slug>/<operationId in lower case>`. */
export function operationAnchor(op: DocOperation): string {
  const tag = String(op.node.tags?.[0] ?? "");
  const slug = tag.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `${op.api}/index.html#/${slug}/${op.operationId.toLowerCase()}`;
}

/** Property names of an object schema, following $ref, allOf, oneOf and anyOf. */
function propertiesOf(doc: Json, schema: Json, depth = 0): Map<string, Json> {
  const out = new Map<string, Json>();
  const node = deref(doc, schema);
  if (!node || depth > 5) return out;
  for (const [name, value] of Object.entries<Json>(node.properties ?? {})) out.set(name, deref(doc, value));
  for (const part of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])]) {
    for (const [name, value] of propertiesOf(doc, part, depth + 1)) if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** "name", "ids[] ≤ 10,000: action, id, attributes" … for the request body. */
function bodyFields(doc: Json, op: DocOperation): string[] {
  const body = op.node.requestBody ? deref(doc, op.node.requestBody) : undefined;
  const schema = body?.content?.["application/json"]?.schema;
  if (!schema) return [];
  const fields: string[] = [];
  for (const [name, prop] of propertiesOf(doc, schema)) {
    if (prop.type === "array" && prop.items) {
      const items = [...propertiesOf(doc, prop.items).keys()];
      fields.push(`${name}[]`, ...items.map((item) => `${name}[].${item}`));
    } else fields.push(name);
  }
  return fields;
}

interface Cell {
  readonly op: DocOperation;
  readonly facts: Array<{ label: string; values: string[] }>;
}

function cellOf(doc: Json, op: DocOperation): Cell {
  const success = op.statuses.filter((s) => s.startsWith("2"));
  return {
    op,
    facts: [
      { label: "Success", values: success },
      { label: "Body", values: bodyFields(doc, op) },
      { label: "Query", values: op.parameters.filter((p) => p.in === "query").map((p) => p.name) },
      { label: "Errors", values: op.statuses.filter((s) => !s.startsWith("2")) },
    ],
  };
}

function renderCell(cell: Cell | undefined, others: Cell[]): string {
  if (!cell) return `<td class="absent">—<br /><small>not in this version</small></td>`;
  const lines = cell.facts
    .filter((fact) => fact.values.length > 0)
    .map((fact) => {
      const values = fact.values.map((value) => {
        const shared = others.every((other) => other.facts.find((f) => f.label === fact.label)?.values.includes(value));
        return shared ? `<code>${escapeHtml(value)}</code>` : `<mark><code>${escapeHtml(value)}</code></mark>`;
      });
      return `<div><span class="fact">${fact.label}</span> ${values.join(" ")}</div>`;
    });
  const { op } = cell;
  const title = `<a href="${escapeHtml(operationAnchor(op))}"><span class="verb">${op.method.toUpperCase()}</span> <code>${escapeHtml(op.path)}</code></a>`;
  return `<td>${title}\n${lines.join("\n")}</td>`;
}

/** Rows in the order of the newest API, then operations only older ones have. */
function rowOrder(cells: Map<ApiId, Map<string, Cell>>): string[] {
  const ids: string[] = [];
  for (const api of [...APIS].reverse())
    for (const id of cells.get(api.id)!.keys()) if (!ids.includes(id)) ids.push(id);
  return ids;
}

export function versionTable(bundles: Record<string, Json>): string {
  const cells = new Map<ApiId, Map<string, Cell>>();
  for (const api of APIS) {
    const doc = bundles[api.id];
    cells.set(api.id, new Map(operationsOf(api.id, doc).map((op) => [op.operationId, cellOf(doc, op)])));
  }
  const rows = rowOrder(cells).map((id) => {
    const row = APIS.map((api) => cells.get(api.id)!.get(id));
    const present = row.filter((cell): cell is Cell => cell !== undefined);
    const summary = present[present.length - 1]!.op.summary;
    const tds = row.map((cell) =>
      renderCell(
        cell,
        present.filter((other) => other !== cell),
      ),
    );
    return `<tr><th scope="row">${escapeHtml(summary)}<br /><small><code>${escapeHtml(id)}</code></small></th>\n${tds.join("\n")}</tr>`;
  });
  const head = APIS.map((api) => `<th scope="col"><a href="${api.id}/index.html">${escapeHtml(api.title)}</a></th>`);
  return `<table class="versions">
<thead><tr><th scope="col">Operation</th>${head.join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}
