import { PlatformStatusCard } from "@/components/PlatformStatusCard";

// Render per request; the status fetch itself is cached for STATUS_REVALIDATE_SECONDS.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  return (
    <main>
      <h1 className="text-2xl font-semibold text-neutral-100">Managed WordPress, done right.</h1>
      <div className="mt-8 max-w-xl">
        <PlatformStatusCard />
      </div>
    </main>
  );
}
