/**
 * Request and response examples printed in Batch's own documentation (the seed pages in
 * ../shared/seeds and the compiled reference). Each must validate against its operation's schema.
 */
import type { ApiId } from "../support/bundles.js";

export interface DocExample {
  readonly api: ApiId;
  readonly operationId: string;
  /** "request" for a request body, otherwise the response status. */
  readonly part: "request" | `${number}`;
  readonly source: string;
  readonly value: unknown;
}

const token = { indexing_token: "a0082dc6860938a26280bd3ba927303b" };

export const DOC_EXAMPLES: readonly DocExample[] = [
  {
    api: "custom-audience-1.1",
    operationId: "createAudience",
    part: "request",
    source: "seed 000 (1.1 create)",
    value: { type: "install_ids", description: "The audience description" },
  },
  {
    api: "custom-audience-1.1",
    operationId: "createAudience",
    part: "201",
    source: "seed 000 (1.1 create)",
    value: token,
  },
  {
    api: "custom-audience-1.1",
    operationId: "replaceAudience",
    part: "request",
    source: "seed 001 (1.1 replace)",
    value: {
      ids: [
        {
          id: "INSTALL-ID-1",
          attributes: { att1: 3, att2: "string", "date(att15)": "2012-08-12T22:30:05" },
          tags: ["value-1", "value-2"],
        },
        {
          id: "INSTALL-ID-2",
          attributes: { att1: 2, att2: "string", "date(att15)": "2013-08-12T22:30:05" },
          tags: ["value-1", "value-2"],
        },
      ],
    },
  },
  {
    api: "custom-audience-1.1",
    operationId: "replaceAudience",
    part: "201",
    source: "seed 001 (1.1 replace)",
    value: token,
  },
  {
    api: "custom-audience-1.0",
    operationId: "getAudience",
    part: "200",
    source: "seed 003 (1.0 view)",
    value: {
      name: "audience1",
      type: "custom_ids",
      description: "The audience1 description",
      created: "2018-06-29T13:12:09",
      updated: "2018-06-29T13:42:59",
      nb_ids: 16743,
      indexing_state: "IN_PROGRESS",
    },
  },
  {
    api: "custom-audience-1.0",
    operationId: "createAudience",
    part: "request",
    source: "reference §3.2 (1.0 create)",
    value: { type: "custom_ids", description: "The audience description" },
  },
  {
    api: "custom-audience-1.0",
    operationId: "updateAudience",
    part: "request",
    source: "reference §3.4 (1.0 update)",
    value: {
      type: "custom_ids",
      ids: [
        { action: "add", id: "USER_CUSTOM_ID1" },
        { action: "remove", id: "USER_CUSTOM_ID2" },
      ],
    },
  },
  {
    api: "custom-audience-1.0",
    operationId: "listAudiences",
    part: "200",
    source: "reference §3.6 (1.0 list)",
    value: {
      custom_audiences: [
        {
          name: "audience2",
          type: "custom_ids",
          description: "The audience2 description",
          nb_ids: 23764,
          created: "2018-06-29T14:59:03",
          updated: "2018-06-29T15:07:32",
        },
        {
          name: "audience1",
          type: "advertising_ids",
          description: "The audience1 description",
          nb_ids: 16743,
          created: "2018-06-29T13:12:09",
          updated: "2018-06-29T13:42:59",
        },
      ],
    },
  },
  {
    api: "custom-audience-1.1",
    operationId: "updateAudience",
    part: "request",
    source: "reference §3.4 (1.1 update)",
    value: {
      ids: [
        {
          action: "add",
          id: "INSTALL-ID-1",
          attributes: {
            att1: 3,
            att2: "string",
            "date(att15)": "2012-08-12T22:30:05",
            "url(att20)": "https://example.com/image.jpg",
          },
          tags: ["value-1"],
        },
        { action: "remove", id: "INSTALL-ID-2" },
      ],
    },
  },
  {
    api: "audience-2",
    operationId: "createAudience",
    part: "request",
    source: "seed 002 (2.8 create)",
    value: { name: "AUDIENCE_NAME", display_name: "The audience description", type: "custom_ids" },
  },
  { api: "audience-2", operationId: "createAudience", part: "202", source: "seed 002 (2.8 create)", value: token },
  {
    api: "audience-2",
    operationId: "updateAudience",
    part: "request",
    source: "seed 004 (2.3 update)",
    value: {
      name: "AUDIENCE_NAME",
      ids: [
        {
          action: "add",
          id: "CUSTOM-ID-1",
          attributes: {
            att1: 3,
            att2: "string",
            "date(att15)": "2023-08-12T22:30:05Z",
            "url(att20)": "https://example.com/image.jpg",
          },
        },
        {
          action: "add",
          id: "CUSTOM-ID-2",
          attributes: {
            att1: 2,
            att2: "string",
            "date(att15)": "2023-08-12T22:30:05Z",
            "url(att20)": "https://example.com/image.jpg",
          },
        },
      ],
    },
  },
  { api: "audience-2", operationId: "updateAudience", part: "202", source: "seed 004 (2.3 update)", value: token },
  {
    api: "audience-2",
    operationId: "replaceAudience",
    part: "request",
    source: "reference §4.5 (2.x replace)",
    value: {
      name: "AUDIENCE_NAME",
      ids: [{ id: "CUSTOM-ID-1", attributes: { att1: 3, "date(att15)": "2023-08-12T22:30:05Z" } }],
    },
  },
  {
    api: "audience-2",
    operationId: "deleteAudience",
    part: "request",
    source: "reference §4.6 (2.x remove)",
    value: { name: "AUDIENCE_NAME" },
  },
  {
    api: "audience-2",
    operationId: "listAudiences",
    part: "200",
    source: "reference §4.8 (2.x list)",
    value: {
      audiences: [
        {
          name: "string",
          display_name: "string",
          type: "CUSTOM_ID",
          nb_ids: 0,
          indexing_state: "APPLIED",
          created: "2023-08-12T22:30:05Z",
          updated: "2023-08-12T22:30:05Z",
        },
      ],
      count: 4012,
      has_more: true,
      next_from: "676DEZREZ",
    },
  },
  {
    api: "audience-2",
    operationId: "getAudience",
    part: "200",
    source: "reference §4.7 (2.x view)",
    value: {
      name: "AUDIENCE_NAME",
      display_name: "The audience description",
      type: "CUSTOM_ID",
      nb_ids: 12,
      indexing_state: "REPLACED",
      created: "2023-10-03T09:35:08Z",
      updated: "2023-10-03T09:35:08Z",
    },
  },
];
