// The audit log as sentences: "Grace Hopper was made a moderator by token:3:ci". Plain text only.
"use strict";

(() => {
  const bridge = (window.ParleyAdmin = window.ParleyAdmin || { views: {} });

  const PHRASES = {
    "comment.approve": "approved a comment",
    "comment.spam": "marked a comment as spam",
    "comment.delete": "deleted a comment",
    "comment.restore": "restored a comment",
    "comment.purge": "purged a comment and its replies",
    "comment.edit": "edited a comment",
    "thread.close": "closed a thread",
    "thread.reopen": "reopened a thread",
    "thread.pin": "pinned a comment",
    "comment.pin": "pinned a comment",
    "comment.unpin": "unpinned a comment",
    "thread.unpin": "unpinned a comment",
    "ban.create": "banned a commenter",
    "ban.delete": "lifted a ban",
    "privacy.export": "exported a commenter's data",
    "privacy.erase": "erased a commenter's data",
    import: "imported comments",
    export: "downloaded an export of the site",
    "webhook.create": "created webhook",
    "webhook.update": "changed webhook",
    "webhook.delete": "deleted webhook",
    "webhook.rotate_secret": "rotated the secret of webhook",
    "webhook.redeliver": "sent a delivery again of webhook",
    "token.create": "created admin token",
    "token.revoke": "revoked admin token",
    "site.update": "changed the site's settings",
  };

  const SETTING_NAMES = {
    name: "name",
    origins: "origins",
    moderation: "moderation",
    guest_policy: "who may comment",
    edit_window_seconds: "edit window",
    max_depth: "reply depth",
    closed: "comments closed",
    disabled_providers: "login providers switched off",
    notify_emails: "alert emails",
    notify_on: "alert on",
    language: "language",
    spam_settings: "spam checks",
  };

  function shown(value) {
    if (Array.isArray(value)) return value.length ? value.join(", ") : "(none)";
    if (value === "" || value === null || value === undefined) return "(empty)";
    if (typeof value === "boolean") return value ? "on" : "off";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  // Leaves that differ between two JSON values, as [path, before, after].
  function differences(before, after, path) {
    const objects = (v) => v && typeof v === "object" && !Array.isArray(v);
    if (objects(before) && objects(after)) {
      const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
      return [...keys].flatMap((key) => differences(before[key], after[key], [...path, key]));
    }
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [[path, before, after]];
  }

  bridge.auditSentence = (entry) => {
    const detail = entry.detail || {};
    const actor = entry.actor;
    if (entry.action === "moderator.grant" || entry.action === "moderator.revoke") {
      const who = entry.person || `identity ${detail.identity_id}`;
      const done = entry.action === "moderator.grant" ? "was made a moderator" : "is no longer a moderator";
      return `${who} ${done} by ${actor}.`;
    }
    const phrase = PHRASES[entry.action] || entry.action;
    const object = detail.webhook_id ? ` #${detail.webhook_id}` : detail.token_id ? ` #${detail.token_id}` : "";
    const about = entry.person ? ` (${entry.person})` : "";
    return `${actor} ${phrase}${object}${about}.`;
  };

  // One line per changed setting (site.update) or fact worth reading (others).
  bridge.auditChanges = (entry) => {
    const detail = entry.detail || {};
    if (entry.action === "site.update") {
      return Object.entries(detail.changes || {}).flatMap(([field, change]) =>
        differences(change.before, change.after, []).map(([path, before, after]) => {
          const name = [SETTING_NAMES[field] || field, ...path].join(" › ").replaceAll("_", " ");
          return `${name}: ${shown(before)} → ${shown(after)}`;
        }),
      );
    }
    return Object.entries(detail)
      .filter(([key]) => !["url", "identity_id", "webhook_id", "token_id"].includes(key))
      .map(([key, value]) => `${key.replaceAll("_", " ")}: ${shown(value)}`);
  };
})();
