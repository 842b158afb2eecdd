// The portal's HTTP client: JSON in and out, the session cookie, and the CSRF token
// on every state change. Errors become ApiError with the server's code and message.

let csrf = null;

export function setCsrf(token) {
  csrf = token || null;
}

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message || `request failed (${status})`);
    this.status = status;
    this.code = code || String(status);
    this.body = body;
  }
}

function errorOf(status, body) {
  const e = body && typeof body === "object" ? body.error : null;
  if (e && typeof e === "object") return new ApiError(status, e.code, e.message, body);
  if (typeof e === "string") return new ApiError(status, String(status), e, body);
  return new ApiError(status, String(status), `the server answered ${status}`, body);
}

async function readBody(res) {
  const type = res.headers.get("content-type") || "";
  if (type.includes("json")) {
    try {
      return await res.json();
    } catch {
      return null;
    }
  }
  return res.text();
}

export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && method !== "HEAD" && csrf) headers["X-CSRF-Token"] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "the server cannot be reached; check the connection and try again");
  }
  const data = await readBody(res);
  if (res.status === 401 && path !== "/v1/session") {
    window.dispatchEvent(new CustomEvent("portal:signed-out"));
  }
  if (!res.ok) throw errorOf(res.status, data);
  return data;
}

export const get = (path) => request("GET", path);
export const post = (path, body = {}) => request("POST", path, body);
export const put = (path, body = {}) => request("PUT", path, body);
export const del = (path) => request("DELETE", path);

export const enc = encodeURIComponent;
export const tournamentPath = (id) => `/v1/portal/tournaments/${enc(id)}`;
