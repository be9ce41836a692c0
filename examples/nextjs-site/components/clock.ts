"use client";

import { useSyncExternalStore } from "react";

/**
 * The visitor's clock, for text that depends on the time ("updated 4 minutes ago"). The server
 * renders with the time of the render (its snapshot); after hydration the browser's clock
 * takes over and ticks, so a page served from a cache still tells the truth.
 */
const TICK_MS = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (timer === undefined) {
    timer = setInterval(tick, TICK_MS);
    tick();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Milliseconds since the epoch: `renderedAt` while hydrating, then the browser's clock. */
export function useNow(renderedAt: number): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => renderedAt,
  );
}

function noSubscription() {
  return () => undefined;
}

/** The visitor's time zone, `UTC` on the server. */
export function useTimeZone(): string {
  return useSyncExternalStore(
    noSubscription,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => "UTC",
  );
}
