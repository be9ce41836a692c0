import {
  backupStatusLabel,
  labelFor,
  noticeKindLabel,
  noticesNow,
  noticeStatusLabel,
} from "@elytracloud/status-contract";
import Link from "next/link";
import { Freshness, RelativeTime } from "@/components/LiveTime";
import { StateIcon } from "@/components/StateIcon";
import { LOCALE } from "@/lib/locale";
import { loadPlatformStatus, renderTime } from "@/lib/status";
import { toneOfStatus } from "@/lib/tones";
import { uptimeWindows } from "@/lib/view";

/**
 * The homepage card: the original spec's card on the validated document, plus what a visitor
 * needs at a glance: an open notice, a failed backup, how old the data is. The error state says
 * only that the status could not be fetched (no stale marker, no figures).
 */
export async function PlatformStatusCard() {
  const renderedAt = renderTime();
  const { data, error } = await loadPlatformStatus();
  const status = data.platform_status;
  const notices = error ? undefined : noticesNow(data.notices, renderedAt);
  const notice = notices?.ongoing[0] ?? notices?.upcoming[0];
  const uptime = error ? undefined : uptimeWindows(data.uptime);
  const backups = error ? undefined : data.backups;

  return (
    <section
      aria-labelledby="status-card-title"
      data-testid="platform-status"
      data-state={status}
      data-error={error !== null}
      data-rendered-at={renderedAt}
      className="card space-y-2"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4">
        <h2 id="status-card-title" className="text-base font-semibold">
          Platform status
        </h2>
        <Link href="/status" className="link">
          Status page
        </Link>
      </div>
      <p data-testid="status-label" className="flex items-center gap-2 text-lg font-semibold">
        <StateIcon tone={toneOfStatus(status)} />
        {labelFor(status, LOCALE)}
      </p>
      {notice && (
        <p data-testid="notice">
          <Link href={`/status#${notice.id}`} className="link font-semibold">
            {noticeKindLabel(notice.kind, LOCALE)}: {notice.title}
          </Link>{" "}
          <span className="text-muted">({noticeStatusLabel(notice.status, LOCALE)})</span>
        </p>
      )}
      {error ? (
        <p data-testid="error">
          Unable to fetch live status. Monitoring continues internally.
        </p>
      ) : (
        <Freshness
          updatedAt={data.updated_at}
          staleAfter={data.stale_after}
          renderedAt={renderedAt}
          className="text-sm"
        />
      )}
      {uptime && <p className="text-sm text-muted">Uptime: {uptime}</p>}
      {backups?.last_backup_status === "failed" || backups?.last_backup_status === "warning" ? (
        <p data-testid="backups" className="flex items-center gap-2 text-sm font-semibold">
          <StateIcon tone={backups.last_backup_status === "failed" ? "outage" : "degraded"} size={16} />
          <span>
            Last backup: {backupStatusLabel(backups.last_backup_status, LOCALE).toLowerCase()}
            {backups.last_successful_backup && (
              <span className="font-normal">
                {" "}
                · last successful <RelativeTime at={backups.last_successful_backup} renderedAt={renderedAt} />
              </span>
            )}
          </span>
        </p>
      ) : (
        backups && (
          <p data-testid="backups" className="text-sm text-muted">
            Backups: {backups.policy ?? "policy available on request."}
            {backups.last_successful_backup && (
              <>
                {" "}
                · last successful <RelativeTime at={backups.last_successful_backup} renderedAt={renderedAt} />
              </>
            )}
          </p>
        )
      )}
      {!error && data.infrastructure?.model && <p className="text-sm text-muted">{data.infrastructure.model}</p>}
    </section>
  );
}
