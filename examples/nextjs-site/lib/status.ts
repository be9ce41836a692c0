import { fetchHistory, fetchPlatformStatus } from "@elytracloud/status-contract";
import { cache } from "react";
import { historyUrl, statusUrl } from "@/lib/config";

/**
 * The site's calls into the contract package: validated, bounded in time, with safe fallbacks.
 *
 * The pages are static and revalidated in the background (`export const revalidate`), so
 * these requests run when a page is (re)built, never while a visitor waits. They set no
 * `next.revalidate` of their own: the page's revalidation is the one cache, and each rebuild
 * fetches fresh data within the fetcher's timeout. `cache` shares one request between the
 * components of a render. Both requests carry the cache tag that `POST /api/revalidate` marks
 * stale.
 */
export const STATUS_TAG = "status";

export const loadPlatformStatus = cache(async () => {
  const result = await fetchPlatformStatus(statusUrl(), { next: { tags: [STATUS_TAG] } });
  if (!result.ok) console.warn(`status.json unavailable (${result.error.reason}): ${result.error.message}`);
  return result;
});

export const loadHistory = cache(async () => {
  const result = await fetchHistory(historyUrl(), { next: { tags: [STATUS_TAG] } });
  if (!result.ok) console.warn(`history.json unavailable (${result.error.reason}): ${result.error.message}`);
  return result;
});

/** The instant of this render, the same for every component of it ("now" for the server's text). */
export const renderTime = cache((): number => Date.now());
