// The one piece of Next.js's global types the original lib/fetchStatus.ts relies on:
// Next.js extends fetch's RequestInit with `next: { revalidate, tags }`.
declare global {
  interface RequestInit {
    next?: { revalidate?: number | false; tags?: string[] } | undefined;
  }
}

export {};
