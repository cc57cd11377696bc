// The thread as data: pure functions over the nested comment list (no DOM, no I/O), so they are
// tested directly under Node.

/** The comment with this id and the array that holds it, searching every level. */
export function find(list, id) {
  for (const c of list) {
    if (c.id == id) return { c, arr: list };
    const r = find(c.replies || [], id);
    if (r) return r;
  }
}

/** Add a comment where it belongs (under its parent, or first/last at the top); false if not placed. */
export function insert(list, c, first) {
  if (find(list, c.id)) return false;
  const parent = c.parent_id && find(list, c.parent_id);
  if (c.parent_id && !parent) return false;
  c.replies = c.replies || [];
  if (parent) (parent.c.replies = parent.c.replies || []).push(c);
  else if (first) list.unshift(c);
  else list.push(c);
  return true;
}

/** Remove a comment: one with replies stays as a "deleted" placeholder. Returns the removed comment. */
export function remove(list, id) {
  const hit = find(list, id);
  if (!hit) return;
  const { c, arr } = hit;
  if (c.replies && c.replies.length) Object.assign(c, { status: "deleted", body_html: "", author: { name: "" } });
  else arr.splice(arr.indexOf(c), 1);
  return c;
}

/**
 * What to draw: [{c, irt, kids}] nested up to `max` levels; deeper replies are drawn flat at the
 * last level, each naming the author it answers (`irt`).
 */
export function nest(list, max, depth = 1, irt = null, out = []) {
  for (const c of list) {
    const node = { c, irt, kids: [] };
    out.push(node);
    const kids = c.replies || [];
    if (depth < max) nest(kids, max, depth + 1, null, node.kids);
    else nest(kids, max, depth, c.author.name || null, out);
  }
  return out;
}

/** How many visible (approved) comments the loaded tree holds. */
export const visible = (list) => list.reduce((n, c) => n + (c.status == "approved") + visible(c.replies || []), 0);

/** A moderator has yet to look at it. */
export const held = (c) => c.status == "pending" || c.status == "spam";

/** The reader's own comments awaiting moderation: which to keep (a week) and which to show here. */
export function pendingFor(pending, list, url, now) {
  const keep = pending.filter((p) => now - p.at < 6048e5 && !find(list, p.c.id));
  return { keep, show: keep.filter((p) => p.url == url).map((p) => p.c) };
}

/** Ms left to edit (or delete) a comment of one's own, else 0. */
export function editLeft(c, mine, windowS, now) {
  if (c.status == "deleted" || !mine) return 0;
  return Math.max(0, Date.parse(c.created_at) + windowS * 1e3 - now);
}
