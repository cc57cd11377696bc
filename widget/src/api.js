// Talks to Parley's API only: JSON in, JSON or problem+json out, never a cookie.

/**
 * An error the widget can explain: `type` is the problem slug, or "network"; `field` the input at
 * fault; `retryAfter` the seconds the server asked to wait (0: not said).
 */
export class ApiError extends Error {
  constructor(status, type, detail, field, retryAfter) {
    super(detail || type);
    this.retryAfter = retryAfter;
    this.status = status;
    this.type = type;
    this.detail = detail;
    this.field = field;
  }
}

export function client(base, getToken) {
  return async function api(path, { method = "GET", body, headers = {} } = {}) {
    const token = getToken();
    if (token) headers.Authorization = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
      });
    } catch {
      throw new ApiError(0, "network");
    }
    if (res.status == 204) return null;
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const slug = String(data.type || "").split("/").pop() || "http-" + res.status;
      const first = data.errors && data.errors[0];
      const wait = +res.headers.get("Retry-After") || 0; // seconds; an HTTP date counts as "unsaid"
      throw new ApiError(res.status, slug, (first && first.msg) || data.detail || data.title, first?.loc?.at(-1), wait);
    }
    return data;
  };
}
