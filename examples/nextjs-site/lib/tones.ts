import type { ComponentStatus, DayState, NoticeStatus, Status } from "@elytracloud/status-contract";

/**
 * The colour families of the site. Every state is shown with a colour, an icon and words, so
 * no state depends on colour alone (and forced-colours mode keeps the icon and the words).
 */
export type Tone = "operational" | "degraded" | "outage" | "maintenance" | "unknown" | "none";

export function toneOfStatus(status: Status): Tone {
  switch (status) {
    case "operational":
    case "degraded":
    case "outage":
    case "unknown":
      return status;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

export function toneOfComponent(status: ComponentStatus): Tone {
  return status;
}

export function toneOfDay(state: DayState): Tone {
  return state === "no_data" ? "none" : state;
}

/** The tone of a notice: open incidents by impact, maintenance blue, ended ones neutral. */
export function toneOfNotice(notice: {
  kind: string;
  status: NoticeStatus;
  impact: "none" | "degraded" | "outage";
}): Tone {
  if (notice.status === "resolved" || notice.status === "completed") return "operational";
  if (notice.kind === "maintenance") return "maintenance";
  return notice.impact === "none" ? "degraded" : notice.impact;
}
