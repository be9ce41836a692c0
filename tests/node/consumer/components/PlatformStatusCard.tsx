// The original spec's status card component, unchanged.
import { fetchPlatformStatus } from "@/lib/fetchStatus";

export async function PlatformStatusCard() {
  const { data, error, stale } = await fetchPlatformStatus();

  const color =
    data.platform_status === "operational"
      ? "bg-green-500"
      : data.platform_status === "degraded"
      ? "bg-yellow-500"
      : data.platform_status === "outage"
      ? "bg-red-500"
      : "bg-gray-500";

  const labelMap: Record<string, string> = {
    operational: "All systems operational",
    degraded: "Minor degradation",
    outage: "Service disruption",
    unknown: "Status unavailable"
  };

  return (
    <section className="rounded-2xl border border-neutral-800 bg-neutral-950/60 p-4 space-y-2">
      <div className="flex items-center gap-2">
        <span className={`h-2.5 w-2.5 rounded-full ${color}`} />
        <h2 className="text-sm font-semibold text-neutral-100">Platform Status</h2>
      </div>
      <p className="text-sm text-neutral-200">
        {labelMap[data.platform_status]}{" "}
        {stale && <span className="text-[10px] text-yellow-400">(slightly stale)</span>}
      </p>
      <p className="text-[10px] text-neutral-500">
        Updated: {data.updated_at ? new Date(data.updated_at).toLocaleString() : "N/A"}
      </p>
      {error && (
        <p className="text-[10px] text-red-400">
          Unable to fetch live status. Monitoring continues internally.
        </p>
      )}
      {!error && data.uptime && (
        <p className="text-[10px] text-neutral-500">
          Uptime 24h: {data.uptime.last_24h ?? "N/A"}% · 7d: {data.uptime.last_7d ?? "N/A"}%
        </p>
      )}
      {!error && data.backups && (
        <p className="text-[10px] text-neutral-500">
          Backups: {data.backups.policy || "Policy available on request."} · Last:{" "}
          {data.backups.last_successful_backup ?? "N/A"}
        </p>
      )}
      {!error && data.infrastructure && (
        <p className="text-[10px] text-neutral-500">{data.infrastructure.model}</p>
      )}
    </section>
  );
}
