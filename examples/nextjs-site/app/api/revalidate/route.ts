import { createHash, timingSafeEqual } from "node:crypto";
import { revalidateTag } from "next/cache";
import { revalidateToken } from "@/lib/config";
import { STATUS_TAG } from "@/lib/status";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * `POST /api/revalidate` with `Authorization: Bearer $REVALIDATE_TOKEN`: rebuild the status pages
 * on their next visit instead of at the end of their revalidation period, so a new incident
 * shows within seconds. Call it after a publish (`elytra notice new ... --publish`). Without a
 * configured token the endpoint does not exist.
 */
export async function POST(request: Request): Promise<Response> {
  const token = revalidateToken();
  if (token === undefined) return new Response(null, { status: 404 });
  const given = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  if (!timingSafeEqual(digest(given), digest(token))) return new Response(null, { status: 401 });
  revalidateTag(STATUS_TAG, "max");
  return Response.json({ revalidated: STATUS_TAG, at: Date.now() });
}
