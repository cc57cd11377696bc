/**
 * Parley's REST API for TypeScript: the generated types (src/schema.d.ts, from
 * openapi/openapi.json by openapi-typescript) and a typed fetch client (openapi-fetch).
 */
import createClient, { type Client } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
/** Every named schema of the API: `Schemas["CommentCreate"]`, `Schemas["NotFoundProblemType"]`. */
export type Schemas = components["schemas"];
export type ParleyClient = Client<paths>;

export interface ParleyClientOptions {
  /** An admin token (admin routes) or a commenter's session token. */
  token?: string;
  /** A `fetch` of your own (tests, proxies); the global one by default. */
  fetch?: (input: Request) => Promise<Response>;
}

/** A client for the Parley server at `baseUrl` (e.g. `https://comments.example.com`). */
export function createParleyClient(baseUrl: string, options: ParleyClientOptions = {}): ParleyClient {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return createClient<paths>({ baseUrl, headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
}
