import { PlatformStatusCard } from "@/components/PlatformStatusCard";

export const dynamic = "force-dynamic";

export default function StatusPage() {
  return (
    <main className="max-w-2xl mx-auto py-10 space-y-4">
      <h1 className="text-xl font-semibold text-neutral-100">Elytracloud Platform Status</h1>
      <PlatformStatusCard />
      <p className="text-sm text-neutral-400">
        This page reflects platform health and uptime for all managed WordPress environments.
      </p>
      <p className="text-xs text-neutral-500">Data updates automatically every 10 minutes.</p>
    </main>
  );
}
