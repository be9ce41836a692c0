import { impactLabel, noticeKindLabel, noticeStatusLabel, type Notice } from "@elytracloud/status-contract";
import { AbsoluteTime, RelativeTime } from "@/components/LiveTime";
import { NoticeBody } from "@/components/NoticeBody";
import { StateIcon } from "@/components/StateIcon";
import { LOCALE } from "@/lib/locale";
import { toneOfNotice } from "@/lib/tones";
import { componentNames } from "@/lib/view";

/** An incident or maintenance window with its timeline, newest update first. */
export function NoticeArticle({
  notice,
  names,
  renderedAt,
}: {
  notice: Notice;
  names: ReadonlyMap<string, string>;
  renderedAt: number;
}) {
  const tone = toneOfNotice(notice);
  const affected = componentNames(notice, names);
  const titleId = `${notice.id}-title`;
  return (
    <article
      id={notice.id}
      aria-labelledby={titleId}
      data-testid={`notice-${notice.id}`}
      data-status={notice.status}
      className={`notice tone-${tone}`}
    >
      <h3 id={titleId} className="flex items-start gap-2 text-lg font-semibold">
        <span className="mt-0.5">
          <StateIcon tone={tone} />
        </span>
        {notice.title}
      </h3>
      <p className="mt-1 text-sm">
        <span className="font-semibold">{noticeKindLabel(notice.kind, LOCALE)}</span> ·{" "}
        {noticeStatusLabel(notice.status, LOCALE)} · {impactLabel(notice.impact, LOCALE)}
        {affected.length > 0 && <> · Affects {affected.join(", ")}</>}
      </p>
      {notice.scheduled_for && (
        <p className="mt-1 text-sm">
          Scheduled for <AbsoluteTime at={notice.scheduled_for} />
          {notice.scheduled_until && (
            <>
              {" "}
              until <AbsoluteTime at={notice.scheduled_until} />
            </>
          )}
        </p>
      )}
      <ol className="updates mt-3 space-y-3">
        {notice.updates.map((update) => (
          <li key={`${update.at}-${update.status}`}>
            <p className="text-sm">
              <span className="font-semibold">{noticeStatusLabel(update.status, LOCALE)}</span> ·{" "}
              <RelativeTime at={update.at} renderedAt={renderedAt} /> (<AbsoluteTime at={update.at} />)
            </p>
            <NoticeBody text={update.body} />
          </li>
        ))}
      </ol>
    </article>
  );
}
