/** Custom Audience API 1.1 cases: the request builders and payloads its case files share. */
import type { paths } from "../../../generated/custom-audience-1.1/schema.js";
import { customIds } from "../common.js";
import { requestsFor } from "../typed.js";
import type { CaseContext } from "../types.js";

export const api = "custom-audience-1.1" as const;
export const req = requestsFor<paths>();
export const LIST = "/1.1/{apiKey}/custom-audience" as const;
export const ONE = "/1.1/{apiKey}/custom-audience/{audienceName}" as const;
export const named = (audienceName: string) => ({ pathParams: { audienceName } });
export const installIds = (n: number) => customIds(n, "install");

export const create = (ctx: CaseContext) =>
  req({
    path: ONE,
    method: "post",
    ...named(ctx.name),
    body: { type: "install_ids", description: "Conformance suite audience" },
  });
export const created = (ctx: CaseContext) => [create(ctx)];

/** The documented replace payload: two install IDs with attributes (date(...) included) and tags. */
export const documentedReplace = {
  ids: [
    {
      id: "INSTALL-ID-1",
      attributes: { att1: 3, att2: "string", "date(att15)": "2012-08-12T22:30:05" },
      tags: ["value-1", "value-2"],
    },
    {
      id: "INSTALL-ID-2",
      attributes: { att1: 2, att2: "string", "date(att15)": "2013-08-12T22:30:05" },
      tags: ["value-1"],
    },
  ],
};
