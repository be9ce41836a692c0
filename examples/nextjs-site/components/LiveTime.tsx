"use client";

import { formatDateTime, formatRelativeTime, isStale } from "@elytracloud/status-contract";
import { useNow, useTimeZone } from "@/components/clock";
import { LOCALE } from "@/lib/locale";

/** "4 minutes ago", kept current; the absolute time in the visitor's zone as its tooltip. */
export function RelativeTime({ at, renderedAt }: { at: string; renderedAt: number }) {
  const now = useNow(renderedAt);
  const timeZone = useTimeZone();
  return (
    <time dateTime={at} title={formatDateTime(at, { locale: LOCALE, timeZone })}>
      {formatRelativeTime(at, now, { locale: LOCALE })}
    </time>
  );
}

/** The absolute time with its zone, in the visitor's time zone once the page runs in a browser. */
export function AbsoluteTime({ at }: { at: string }) {
  const timeZone = useTimeZone();
  return <time dateTime={at}>{formatDateTime(at, { locale: LOCALE, timeZone })}</time>;
}

interface FreshnessProps {
  updatedAt: string;
  staleAfter?: string | undefined;
  renderedAt: number;
  /** Announce changes to screen readers (politely: after what they are reading). */
  live?: boolean;
  className?: string;
}

/**
 * "Updated 4 minutes ago (Nov 10, 2025, 12:00 PM UTC)", or, once the document is stale by the
 * contract's rule at the visitor's time, "Data from 2 hours ago may be out of date." Both
 * follow the visitor's clock, so a page served from a cache does not claim fresher data than
 * it has.
 */
export function Freshness({ updatedAt, staleAfter, renderedAt, live = false, className = "" }: FreshnessProps) {
  const now = useNow(renderedAt);
  const timeZone = useTimeZone();
  const stale = isStale(staleAfter === undefined ? { updated_at: updatedAt } : { updated_at: updatedAt, stale_after: staleAfter }, new Date(now));
  const relative = formatRelativeTime(updatedAt, now, { locale: LOCALE });
  const absolute = formatDateTime(updatedAt, { locale: LOCALE, timeZone });
  return (
    <p
      data-testid="freshness"
      data-stale={stale}
      className={`${stale ? "text-muted" : ""} ${className}`}
      {...(live ? { "aria-live": "polite" as const, "aria-atomic": true } : {})}
    >
      {stale ? (
        <>
          Data from <time dateTime={updatedAt}>{relative}</time> may be out of date{" "}
          <span className="whitespace-nowrap">
            (<time dateTime={updatedAt}>{absolute}</time>)
          </span>
          .
        </>
      ) : (
        <>
          Updated <time dateTime={updatedAt}>{relative}</time>{" "}
          <span className="whitespace-nowrap">
            (<time dateTime={updatedAt}>{absolute}</time>)
          </span>
        </>
      )}
    </p>
  );
}
