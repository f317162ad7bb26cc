/** Audience API 2.x cases: the request builders and payloads its case files share. */
import type { paths } from "../../../generated/audience-2/schema.js";
import { customIds } from "../common.js";
import { requestsFor } from "../typed.js";
import type { CaseContext } from "../types.js";

export const api = "audience-2" as const;
export const req = requestsFor<paths>();
export const ids = (n: number) => customIds(n).map((id) => ({ action: "add" as const, id }));

export const create = (ctx: CaseContext) =>
  req({
    path: "/audiences/create",
    method: "post",
    body: { name: ctx.name, display_name: "Conformance suite audience", type: "custom_ids" },
  });
export const created = (ctx: CaseContext) => [create(ctx)];
export const post = (
  path: "/audiences/create" | "/audiences/update" | "/audiences/replace" | "/audiences/remove",
  invalidBody: unknown,
) => req({ path, method: "post", invalidBody });

/** The documented update payload (2.3 update page), attributes with date() and url() wrappers. */
export const documentedUpdate = (name: string) => ({
  name,
  ids: [
    {
      action: "add" as const,
      id: "CUSTOM-ID-1",
      attributes: {
        att1: 3,
        att2: "string",
        "date(att15)": "2023-08-12T22:30:05Z",
        "url(att20)": "https://example.com/image.jpg",
      },
    },
    {
      action: "add" as const,
      id: "CUSTOM-ID-2",
      attributes: {
        att1: 2,
        att2: "string",
        "date(att15)": "2023-08-12T22:30:05Z",
        "url(att20)": "https://example.com/image.jpg",
      },
    },
  ],
});
