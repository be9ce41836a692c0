import { PlatformStatusCard } from "@/components/PlatformStatusCard";

// Static, rebuilt in the background at most every 10 minutes (the original spec's rate): every
// visitor and any CDN get a finished page at once, and a slow or hanging status host only ever
// delays a background rebuild (bounded by the fetcher's timeout), never a response.
export const revalidate = 600;

export default function HomePage() {
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-3xl font-semibold">Managed WordPress, done right.</h1>
      <p className="mt-3 text-muted">
        Dedicated resources for every site, managed HTTPS, nightly off-site backups and people who answer.
      </p>
      <div className="mt-8 max-w-xl">
        <PlatformStatusCard />
      </div>
    </main>
  );
}
