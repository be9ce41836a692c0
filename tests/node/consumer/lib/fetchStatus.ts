// The original spec's lib/fetchStatus.ts, with one change: PlatformStatus is
// imported from the contract package instead of being declared here.
import type { PlatformStatus } from "@elytracloud/status-contract";

const DEFAULT: PlatformStatus = {
  updated_at: "",
  platform_status: "unknown"
};

function isStale(updated: string): boolean {
  if (!updated) return true;
  const ts = new Date(updated).getTime();
  return Number.isNaN(ts) || (Date.now() - ts) > 30 * 60 * 1000;
}

export async function fetchPlatformStatus(): Promise<{
  data: PlatformStatus;
  error: boolean;
  stale: boolean;
}> {
  const url = process.env.NEXT_PUBLIC_STATUS_JSON_URL;
  if (!url) return { data: DEFAULT, error: true, stale: true };
  try {
    const res = await fetch(url, { next: { revalidate: 600 } });
    if (!res.ok) return { data: DEFAULT, error: true, stale: true };
    const json = (await res.json()) as PlatformStatus;
    return { data: json, error: false, stale: isStale(json.updated_at) };
  } catch {
    return { data: DEFAULT, error: true, stale: true };
  }
}
