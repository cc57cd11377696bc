// Login through a popup on Parley's own origin (no third-party cookies): PKCE S256 verifier kept
// here, a one-time code handed back with postMessage, redeemed for a bearer token.

const b64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** A fresh verifier and its S256 challenge. */
export async function pkce() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: b64url(digest) };
}

/**
 * Open the provider's login popup (synchronously, inside the click) and resolve with the one-time
 * code it posts back; reject with an Error whose message explains, or null if the user closed it.
 */
export function popupLogin(apiBase, site, provider, challenge) {
  const apiOrigin = new URL(apiBase).origin;
  const url =
    `${apiBase}/auth/${encodeURIComponent(provider)}/login?site=${encodeURIComponent(site)}` +
    `&origin=${encodeURIComponent(location.origin)}&challenge=${challenge}`;
  const popup = window.open(url, "parley-login", "popup,width=520,height=680");
  return new Promise((resolve, reject) => {
    if (!popup) return reject(new Error("popup blocked"));
    const done = () => {
      removeEventListener("message", onMessage);
      clearInterval(timer);
    };
    const onMessage = (e) => {
      const d = e.data;
      if (e.origin != apiOrigin || !d || typeof d.type != "string") return;
      if (d.type == "parley:login") resolve(d.code);
      else if (d.type == "parley:login-error") reject(new Error(d.error || "error"));
      else return;
      done();
    };
    addEventListener("message", onMessage);
    const timer = setInterval(() => {
      if (popup.closed) {
        // The message may still be queued behind the close: give it a moment.
        setTimeout(() => {
          done();
          resolve(null);
        }, 300);
        clearInterval(timer);
      }
    }, 400);
  });
}
