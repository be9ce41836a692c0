// Type-level checks of labelFor / STATUS_LABELS, compiled by tests/test_fetcher.py.
import { labelFor, STATUS_LABELS, type Status } from "@elytracloud/status-contract";

// Every Status has a label, and the label map has nothing else.
export const labels: Readonly<Record<Status, string>> = STATUS_LABELS;

// @ts-expect-error a map missing a state does not satisfy the label type
export const partial: Readonly<Record<Status, string>> = { operational: "ok", degraded: "meh", outage: "down" };

// labelFor takes any state, and strings from newer producers, but not numbers.
export const a: string = labelFor("operational");
export const b: string = labelFor("maintenance");
// @ts-expect-error not a status
export const c: string = labelFor(42);

// An exhaustive switch over Status compiles only while it covers every state.
export function colour(status: Status): string {
  switch (status) {
    case "operational":
      return "bg-green-500";
    case "degraded":
      return "bg-yellow-500";
    case "outage":
      return "bg-red-500";
    case "unknown":
      return "bg-gray-500";
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}
