/**
 * The README's calls against a live server: `node dist/smoke.js <base URL> <admin token>`.
 * Run by tests/clients/test_typescript_client.py after `tsc` has type-checked it; prints one
 * JSON line of what it saw and exits non-zero at the first surprise.
 */
import { createParleyClient, type Schemas } from "./src/index.js";

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`smoke: ${what}`);
}

async function main(baseUrl: string, adminToken: string): Promise<void> {
  const admin = createParleyClient(baseUrl, { token: adminToken });
  const parley = createParleyClient(baseUrl);
  const origin = "https://ts.example";
  const site_id = "ts-blog";

  const site = await admin.POST("/api/v1/admin/sites", {
    body: { id: site_id, name: "TS", origins: [origin], moderation: "all" },
  });
  check(site.data?.moderation === "all", `site: ${site.response.status}`);

  const comment: Schemas["CommentCreate"] = {
    url: `${origin}/hello`,
    body: "First!",
    author_name: "Ann",
    author_email: "ann@ts.example",
  };
  const posted = await parley.POST("/api/v1/sites/{site_id}/comments", {
    params: { path: { site_id } },
    body: comment,
  });
  check(posted.data?.status === "pending", `post: ${posted.response.status}`);
  const commentId = posted.data.id;

  const approved = await admin.POST(
    "/api/v1/admin/sites/{site_id}/comments/{comment_id}/{action}",
    { params: { path: { site_id, comment_id: commentId, action: "approve" } } },
  );
  check(approved.response.status === 200, `approve: ${approved.response.status}`);

  const thread = await parley.GET("/api/v1/sites/{site_id}/comments", {
    params: { path: { site_id }, query: { url: `${origin}/hello`, sort: "newest" } },
  });
  check(thread.data?.comments.length === 1, `thread: ${thread.response.status}`);

  const counts = await parley.GET("/api/v1/sites/{site_id}/counts", {
    params: { path: { site_id }, query: { url: [`${origin}/hello`, `${origin}/other`] } },
  });
  check(counts.data, `counts: ${counts.response.status}`);

  const ban = await admin.POST("/api/v1/admin/sites/{site_id}/bans", {
    params: { path: { site_id } },
    body: { kind: "email", email: "ann@ts.example" },
  });
  check(ban.data?.kind === "email", `ban: ${ban.response.status}`);

  const refused = await parley.POST("/api/v1/sites/{site_id}/comments", {
    params: { path: { site_id } },
    body: { ...comment, body: "Again" },
  });
  // The error's `type` is a union of the known slugs: a typo here fails to compile.
  const banned: Schemas["ForbiddenProblemType"] = "/problems/banned";
  check(refused.error?.type === banned, `banned: ${refused.response.status}`);

  const exported = await admin.GET("/api/v1/admin/sites/{site_id}/export", {
    params: { path: { site_id } },
  });
  check(exported.response.status === 200, `export: ${exported.response.status}`);

  console.log(
    JSON.stringify({
      comment: commentId,
      thread: thread.data.comments.map((c) => c.body_html),
      counts: counts.data.counts,
      refused: refused.error.type,
      exported: JSON.stringify(exported.data).includes("ann@ts.example"),
    }),
  );
}

const [baseUrl, adminToken] = process.argv.slice(2);
check(baseUrl && adminToken, "usage: node dist/smoke.js <base URL> <admin token>");
await main(baseUrl, adminToken);
