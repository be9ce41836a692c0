"use client";

import { useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import type { Tone } from "@/lib/tones";

/** One day, with its text already in words (rendered on the server). */
export interface DayBarView {
  date: string;
  tone: Tone;
  /** "Nov 10, 2025" */
  day: string;
  /** "No issues", "Outage", "No data" */
  state: string;
  /** "99.98% uptime", "Today so far", "No uptime data" */
  detail: string;
  /** "Incident: Elevated errors in the control panel" */
  notices: string[];
}

/**
 * A row of day bars with a tooltip per day. One tab stop per row: the arrow keys, Home and End
 * move between days, and the focused day shows its tooltip as hovering does. Each day's text
 * is also its accessible name, so a screen reader reads the same as the tooltip shows.
 */
export function DayBars({ label, days, testId }: { label: string; days: DayBarView[]; testId: string }) {
  const [active, setActive] = useState(days.length - 1);
  const items = useRef<(HTMLLIElement | null)[]>([]);

  function move(event: KeyboardEvent<HTMLOListElement>) {
    const next =
      event.key === "ArrowRight"
        ? Math.min(active + 1, days.length - 1)
        : event.key === "ArrowLeft"
          ? Math.max(active - 1, 0)
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? days.length - 1
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    items.current[next]?.focus();
  }

  return (
    <ol className="bars" aria-label={label} data-testid={testId} onKeyDown={move}>
      {days.map((day, index) => {
        const text = [day.day, day.state, day.detail, ...day.notices].join(". ");
        return (
          <li
            key={day.date}
            ref={(element) => {
              items.current[index] = element;
            }}
            className={`bar tone-${day.tone}`}
            data-date={day.date}
            data-state={day.tone}
            tabIndex={index === active ? 0 : -1}
            aria-label={text}
            onFocus={() => setActive(index)}
            style={{ "--x": `${((index + 0.5) / days.length) * 100}%` } as CSSProperties}
          >
            <span className="tip" aria-hidden="true">
              <strong className="block">{day.day}</strong>
              <span className="block">
                {day.state} · {day.detail}
              </span>
              {day.notices.map((notice) => (
                <span key={notice} className="block">
                  {notice}
                </span>
              ))}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
