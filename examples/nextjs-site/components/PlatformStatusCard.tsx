import { labelFor, type PlatformStatus } from "@elytracloud/status-contract";
import { loadPlatformStatus } from "@/lib/status";

const colorFor: Record<PlatformStatus["platform_status"], string> = {
  operational: "bg-green-500",
  degraded: "bg-yellow-500",
  outage: "bg-red-500",
  unknown: "bg-gray-500",
};

export async function PlatformStatusCard() {
  const { data, error, stale } = await loadPlatformStatus();
  const color = colorFor[data.platform_status] ?? "bg-gray-500";

  return (
    <section
      data-testid="platform-status"
      data-status={data.platform_status}
      className="rounded-2xl border border-neutral-800 bg-neutral-950/60 p-4 space-y-2"
    >
      <div className="flex items-center gap-2">
        <span data-testid="status-dot" className={`h-2.5 w-2.5 rounded-full ${color}`} />
        <h2 className="text-sm font-semibold text-neutral-100">Platform Status</h2>
      </div>
      <p data-testid="status-label" className="text-sm text-neutral-200">
        {labelFor(data.platform_status)}{" "}
        {stale && <span className="text-[10px] text-yellow-400">(slightly stale)</span>}
      </p>
      <p data-testid="updated" className="text-[10px] text-neutral-500">
        Updated: {data.updated_at ? new Date(data.updated_at).toLocaleString("en-US", { timeZone: "UTC" }) : "N/A"}
      </p>
      {error && (
        <p className="text-[10px] text-red-400">Unable to fetch live status. Monitoring continues internally.</p>
      )}
      {!error && data.uptime && (
        <p className="text-[10px] text-neutral-500">
          Uptime 24h: {data.uptime.last_24h ?? "N/A"}% · 7d: {data.uptime.last_7d ?? "N/A"}%
        </p>
      )}
      {!error && data.backups && (
        <p data-testid="backups" className="text-[10px] text-neutral-500">
          Backups: {data.backups.policy || "Policy available on request."} · Last:{" "}
          {data.backups.last_successful_backup ?? "N/A"}
        </p>
      )}
      {!error && data.infrastructure && <p className="text-[10px] text-neutral-500">{data.infrastructure.model}</p>}
    </section>
  );
}
