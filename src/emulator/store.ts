/**
 * In-memory audiences, one namespace per (API, key): 1.0 and 1.1 audiences live under the app API
 * key of each version (their ID types differ, so a 1.0 list never shows a 1.1 audience), 2.x
 * audiences under the project key, shared by every 2.x version.
 *
 * Members are one Map per audience (ID → attributes/tags), changed in place: a write costs one Map
 * operation per ID and nothing is copied per request. Writes apply at once (`nb_ids` is exact
 * immediately); only the reported `indexing_state` lags, as the indexing model says (indexing.ts).
 */
import type { ApiId } from "./api-ids.js";
import { EmulatorRefusal } from "./errors.js";
import type { IndexingModel, IndexingRule, WriteIndexing } from "./indexing.js";
import type { Random } from "./random.js";
import type { JsonObject } from "./request-bodies.js";

export interface MemberData {
  attributes?: JsonObject;
  tags?: string[];
}

/** Shared by every member added without attributes or tags, so those cost no allocation. */
export const NO_DATA: MemberData = Object.freeze({});

export type WriteKind = "create" | "update" | "replace" | "delete";
export type IndexingState = "IN_PROGRESS" | "APPLIED" | "REPLACED";

export interface Audience {
  readonly name: string;
  /** 1.x: `custom_ids`, `advertising_ids` or `install_ids`; 2.x: `custom_ids`. */
  readonly type: string;
  /** 1.x `description` or 2.x `display_name`. */
  readonly label: string | undefined;
  readonly createdMs: number;
  updatedMs: number;
  /** Creation order in the whole store; orders lists and backs 2.x cursors. */
  readonly seq: number;
  members: Map<string, MemberData>;
  lastToken: string;
  /** Replaces of this audience, oldest first (2.x REPLACED). */
  readonly replaces: { writeSeq: number; indexing: WriteIndexing }[];
}

interface TokenRecord {
  scope: string;
  audienceSeq: number;
  writeSeq: number;
  indexing: WriteIndexing;
}

/** Tokens kept for `view`; the oldest are forgotten first, so a long run stays bounded. */
const MAX_TOKENS = 200_000;

export class AudienceStore {
  private readonly scopes = new Map<string, Map<string, Audience>>();
  private readonly tokens = new Map<string, TokenRecord>();
  private audienceSeq = 0;
  private writeSeq = 0;

  constructor(
    private readonly random: Random,
    private readonly indexing: IndexingModel,
    /** Wall-clock milliseconds for the `created` / `updated` dates (indexing has its own clock). */
    private readonly now: () => number = Date.now,
  ) {}

  private scopeId(api: ApiId, key: string): string {
    return `${api}\u0000${key}`;
  }

  private scope(api: ApiId, key: string): Map<string, Audience> {
    const id = this.scopeId(api, key);
    let scope = this.scopes.get(id);
    if (!scope) {
      scope = new Map();
      this.scopes.set(id, scope);
    }
    return scope;
  }

  get(api: ApiId, key: string, name: string): Audience | undefined {
    return this.scopes.get(this.scopeId(api, key))?.get(name);
  }

  /** Creates an empty audience; an existing name gets ENTITY_ALREADY_EXISTS. Returns its token. */
  create(api: ApiId, key: string, name: string, type: string, label: string | undefined, rule: IndexingRule): string {
    const scope = this.scope(api, key);
    if (scope.has(name))
      throw new EmulatorRefusal("ENTITY_ALREADY_EXISTS", "An audience with this name already exists");
    const now = this.now();
    const audience: Audience = {
      name,
      type,
      label,
      createdMs: now,
      updatedMs: now,
      seq: ++this.audienceSeq,
      members: new Map(),
      lastToken: "",
      replaces: [],
    };
    scope.set(name, audience);
    return this.recordWrite(api, key, audience, "create", rule);
  }

  /** Issues the token of a write that has just been applied to `audience`. */
  recordWrite(api: ApiId, key: string, audience: Audience, kind: WriteKind, rule: IndexingRule): string {
    const now = this.now();
    const writeSeq = ++this.writeSeq;
    const indexing = this.indexing.start(rule);
    let token = this.random.hex32();
    while (this.tokens.has(token)) token = this.random.hex32();
    this.tokens.set(token, { scope: this.scopeId(api, key), audienceSeq: audience.seq, writeSeq, indexing });
    if (this.tokens.size > MAX_TOKENS) {
      const oldest = this.tokens.keys().next();
      if (!oldest.done) this.tokens.delete(oldest.value);
    }
    if (kind === "replace") audience.replaces.push({ writeSeq, indexing });
    if (kind !== "create") audience.updatedMs = now;
    audience.lastToken = token;
    return token;
  }

  delete(api: ApiId, key: string, name: string): boolean {
    return this.scopes.get(this.scopeId(api, key))?.delete(name) ?? false;
  }

  /**
   * Indexing state of one write of `audience` (its last write without a token), or undefined when
   * the token is unknown or belongs to another audience. REPLACED only when `withReplaced` (2.x).
   * Counts as one view of that write (the indexing model's polls).
   */
  indexingState(
    api: ApiId,
    key: string,
    audience: Audience,
    token: string | undefined,
    withReplaced: boolean,
  ): IndexingState | undefined {
    const record = this.tokens.get(token ?? audience.lastToken);
    if (!record || record.scope !== this.scopeId(api, key) || record.audienceSeq !== audience.seq) {
      // The last write's token may have been forgotten in a very long run: it is long applied.
      return token === undefined ? "APPLIED" : undefined;
    }
    if (withReplaced) {
      for (const replace of audience.replaces) {
        if (replace.writeSeq > record.writeSeq && this.indexing.isApplied(replace.indexing)) return "REPLACED";
      }
    }
    return this.indexing.poll(record.indexing) ? "APPLIED" : "IN_PROGRESS";
  }

  /** Audiences of one namespace, newest first (creation order; ties cannot happen). */
  newestFirst(api: ApiId, key: string): Audience[] {
    const scope = this.scopes.get(this.scopeId(api, key));
    return scope ? [...scope.values()].reverse() : [];
  }

  /** Number of audiences of one API, every key together. */
  countAll(api: ApiId): number {
    let count = 0;
    for (const [id, scope] of this.scopes) if (id.startsWith(`${api}\u0000`)) count += scope.size;
    return count;
  }

  /** Drops every audience and token. */
  clear(): void {
    this.scopes.clear();
    this.tokens.clear();
  }
}
