import { fetchPlatformStatus } from "@elytracloud/status-contract";

/** Seconds Next.js caches the fetched status.json: the spec's 600 unless overridden. */
function revalidateSeconds(): number {
  const value = Number(process.env.STATUS_REVALIDATE_SECONDS ?? "600");
  return Number.isFinite(value) && value >= 0 ? value : 600;
}

/** The site's one call into the contract package: validated, with safe fallbacks. */
export function loadPlatformStatus() {
  return fetchPlatformStatus(process.env.NEXT_PUBLIC_STATUS_JSON_URL, {
    next: { revalidate: revalidateSeconds() },
  });
}
