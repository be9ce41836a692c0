import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { shiftFixture } from "@elytracloud/status-contract";

/**
 * Development only (`next dev`): `/dev/status.json` serves the contract fixture named by
 * `FIXTURE` (default `operational`), and `/dev/history.json` the history fixture named by
 * `HISTORY_FIXTURE` (default: the one named like `FIXTURE`, else the first), each moved to the
 * current time with `shiftFixture`, so it is exactly as fresh (or stale) as when it was made.
 * Nothing is written: a `public/status.json` from `elytra status mock` stays as it is (point
 * `STATUS_JSON_URL` at `/status.json` to use it). Everywhere else this route answers 404.
 */
const FIXTURES = path.join(process.cwd(), "node_modules", "@elytracloud", "status-contract", "fixtures");
const NAME = /^[a-z0-9][a-z0-9-]*$/;

async function fixture(folder: string, name: string): Promise<unknown> {
  if (!NAME.test(name)) return undefined;
  try {
    return JSON.parse(await readFile(path.join(folder, `${name}.json`), "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** The history fixture for a state: `HISTORY_FIXTURE`, the one of the same name, or the first. */
async function historyName(state: string): Promise<string> {
  const chosen = process.env["HISTORY_FIXTURE"];
  if (chosen !== undefined) return chosen;
  const names = (await readdir(path.join(FIXTURES, "history")).catch(() => []))
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort();
  return names.includes(state) ? state : (names[0] ?? state);
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  if (process.env.NODE_ENV !== "development") return new Response(null, { status: 404 });
  const { file } = await params;
  const state = process.env["FIXTURE"] ?? "operational";
  const doc =
    file === "status.json"
      ? await fixture(FIXTURES, state)
      : file === "history.json"
        ? await fixture(path.join(FIXTURES, "history"), await historyName(state))
        : undefined;
  if (doc === undefined) return new Response(null, { status: 404 });
  return Response.json(shiftFixture(doc, new Date()), { headers: { "Cache-Control": "no-store" } });
}
