/**
 * Reads the environment when a page is rendered, not when it is built: Next.js inlines
 * `process.env.NEXT_PUBLIC_*` written out literally, so names are looked up by a variable.
 * A deployment can point the site at another status host without a rebuild, and the
 * rendered pages (static, revalidated in the background) pick it up at their next
 * revalidation.
 */
function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * Where `status.json` lives: `STATUS_JSON_URL`, else the original spec's
 * `NEXT_PUBLIC_STATUS_JSON_URL`.
 */
export function statusUrl(): string | undefined {
  return env("STATUS_JSON_URL") ?? env("NEXT_PUBLIC_STATUS_JSON_URL");
}

/** A file published beside `status.json` (`history.json`, `history.atom`, `badges/status.svg`...). */
function sibling(name: string): string | undefined {
  const base = statusUrl();
  if (base === undefined) return undefined;
  try {
    return new URL(name, base).toString();
  } catch {
    return undefined;
  }
}

/** Where `history.json` lives: `STATUS_HISTORY_URL`, else beside `status.json`. */
export function historyUrl(): string | undefined {
  return env("STATUS_HISTORY_URL") ?? sibling("history.json");
}

/** The files a publish writes beside `status.json` that the status page links to. */
export function publishedLinks() {
  return {
    atom: sibling("history.atom"),
    rss: sibling("history.rss"),
    badge: sibling("badges/status.svg"),
    statuspage: sibling("api/v2/summary.json"),
    status: statusUrl(),
    history: historyUrl(),
  };
}

/** The token `POST /api/revalidate` requires; without one the endpoint does not exist. */
export function revalidateToken(): string | undefined {
  return env("REVALIDATE_TOKEN");
}
