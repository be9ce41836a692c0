import {
  componentStatusLabel,
  impactLabel,
  labelFor,
  noticeKindLabel,
  noticesNow,
  type Component,
  type Status,
} from "@elytracloud/status-contract";
import type { Metadata } from "next";
import { AutoRefresh } from "@/components/AutoRefresh";
import { DayBars, type DayBarView } from "@/components/DayBars";
import { Freshness } from "@/components/LiveTime";
import { NoticeArticle } from "@/components/NoticeArticle";
import { StateIcon } from "@/components/StateIcon";
import { publishedLinks } from "@/lib/config";
import { LOCALE } from "@/lib/locale";
import { loadHistory, loadPlatformStatus, renderTime } from "@/lib/status";
import { toneOfComponent, toneOfStatus, type Tone } from "@/lib/tones";
import { barsRow, dayRange, pastNotices, uptimeWindows } from "@/lib/view";

// Static, rebuilt in the background at most every minute; open pages refresh themselves.
export const revalidate = 60;

export function generateMetadata(): Metadata {
  const links = publishedLinks();
  const types: Record<string, string> = {};
  if (links.atom) types["application/atom+xml"] = links.atom;
  if (links.rss) types["application/rss+xml"] = links.rss;
  return { title: "Platform status", alternates: { types } };
}

function Row({
  name,
  tone,
  state,
  windows,
  bars,
  testId,
}: {
  name: string;
  tone: Tone;
  state: string;
  windows: string | undefined;
  bars: { days: DayBarView[]; uptime: number | undefined };
  testId: string;
}) {
  return (
    <li className="row" data-testid={testId} data-state={tone}>
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <span className="font-semibold">{name}</span>
        <span className="flex items-center gap-2">
          <StateIcon tone={tone} size={16} />
          {state}
        </span>
      </div>
      {windows && <p className="text-sm text-muted">Uptime {windows}</p>}
      <DayBars label={`${name}, the last 90 days`} days={bars.days} testId={`bars-${testId}`} />
      <div className="flex justify-between text-sm text-muted" aria-hidden="true">
        <span>90 days ago</span>
        <span>{bars.uptime === undefined ? "No uptime data yet" : `${bars.uptime}% uptime`}</span>
        <span>Today</span>
      </div>
    </li>
  );
}

function groupsOf(components: readonly Component[]): [string | undefined, Component[]][] {
  const groups = new Map<string | undefined, Component[]>();
  for (const component of components) {
    const list = groups.get(component.group) ?? [];
    list.push(component);
    groups.set(component.group, list);
  }
  return [...groups.entries()];
}

export default async function StatusPage() {
  const renderedAt = renderTime();
  const [status, history] = await Promise.all([loadPlatformStatus(), loadHistory()]);
  const { data } = status;
  const platform: Status = data.platform_status;
  const components = data.components ?? [];
  const names = new Map(components.map((component) => [component.id, component.name]));
  const notices = noticesNow(data.notices, renderedAt);
  const current = [...notices.ongoing, ...notices.upcoming];
  const shown = new Set([...current, ...notices.recent].map((notice) => notice.id));
  const past = pastNotices(history.data, shown);
  const links = publishedLinks();

  return (
    <main id="main" className="mx-auto max-w-3xl space-y-10 px-4 py-10 sm:px-6">
      <AutoRefresh everyMs={60_000} />
      <h1 className="text-3xl font-semibold">Elytracloud status</h1>

      <section
        aria-labelledby="banner-title"
        data-testid="banner"
        data-state={platform}
        data-error={!status.ok}
        data-rendered-at={renderedAt}
        className={`banner tone-${toneOfStatus(platform)}`}
      >
        <h2 id="banner-title" data-testid="status-label" className="flex items-center gap-3 text-2xl font-semibold">
          <StateIcon tone={toneOfStatus(platform)} size={28} />
          {labelFor(platform, LOCALE)}
        </h2>
        {status.ok ? (
          <Freshness updatedAt={data.updated_at} staleAfter={data.stale_after} renderedAt={renderedAt} live className="mt-2" />
        ) : (
          <p data-testid="error" className="mt-2">
            Unable to fetch live status. Monitoring continues internally.
          </p>
        )}
      </section>

      {current.length > 0 && (
        <section aria-labelledby="notices-title" data-testid="current-notices" className="space-y-4">
          <h2 id="notices-title" className="text-xl font-semibold">
            Current incidents and maintenance
          </h2>
          {current.map((notice) => (
            <NoticeArticle key={notice.id} notice={notice} names={names} renderedAt={renderedAt} />
          ))}
        </section>
      )}

      <section aria-labelledby="uptime-title" data-testid="uptime" className="space-y-4">
        <h2 id="uptime-title" className="text-xl font-semibold">
          Components and uptime
        </h2>
        <ul className="rows">
          <Row
            name="Platform"
            tone={toneOfStatus(platform)}
            state={labelFor(platform, LOCALE)}
            windows={status.ok ? uptimeWindows(data.uptime) : undefined}
            bars={barsRow(history.data, renderedAt)}
            testId="platform"
          />
        </ul>
        {groupsOf(components).map(([group, members]) => (
          <div key={group ?? ""} className="space-y-2">
            {group && <h3 className="text-lg font-semibold">{group}</h3>}
            <ul className="rows">
              {members.map((component) => (
                <Row
                  key={component.id}
                  name={component.name}
                  tone={toneOfComponent(component.status)}
                  state={componentStatusLabel(component.status, LOCALE)}
                  windows={uptimeWindows(component.uptime)}
                  bars={barsRow(history.data, renderedAt, component.id)}
                  testId={`component-${component.id}`}
                />
              ))}
            </ul>
          </div>
        ))}
        {!history.ok && (
          <p className="text-sm text-muted" data-testid="history-unavailable">
            The daily history is unavailable right now; days without data are shown grey.
          </p>
        )}
      </section>

      <section aria-labelledby="past-title" data-testid="past-incidents" className="space-y-4">
        <h2 id="past-title" className="text-xl font-semibold">
          Past incidents and maintenance
        </h2>
        {notices.recent.map((notice) => (
          <NoticeArticle key={notice.id} notice={notice} names={names} renderedAt={renderedAt} />
        ))}
        {past.length > 0 && (
          <ul className="space-y-2">
            {past.map((notice) => (
              <li key={notice.id} data-testid={`past-${notice.id}`}>
                <span className="font-semibold">{notice.title}</span>
                <span className="block text-sm text-muted">
                  {noticeKindLabel(notice.kind, LOCALE)}
                  {notice.impact && <> · {impactLabel(notice.impact, LOCALE)}</>} · {dayRange(notice.first, notice.last)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {notices.recent.length === 0 && past.length === 0 && (
          <p className="text-muted">
            {history.ok ? "No incidents or maintenance in the last 90 days." : "The incident history is unavailable right now."}
          </p>
        )}
      </section>

      {links.status && (
        <section aria-labelledby="links-title" data-testid="links" className="space-y-2">
          <h2 id="links-title" className="text-xl font-semibold">
            Follow this page
          </h2>
          <ul className="list-disc space-y-1 pl-5">
            {links.atom && links.rss && (
              <li>
                Incidents and maintenance as a feed:{" "}
                <a className="link" href={links.atom}>
                  Atom
                </a>{" "}
                or{" "}
                <a className="link" href={links.rss}>
                  RSS
                </a>
              </li>
            )}
            {links.badge && (
              <li>
                <a className="link" href={links.badge}>
                  Status badge (SVG)
                </a>{" "}
                for READMEs and dashboards
              </li>
            )}
            {links.statuspage && (
              <li>
                <a className="link" href={links.statuspage}>
                  Statuspage-compatible API
                </a>{" "}
                for suppliers&apos; dashboards and chat bots
              </li>
            )}
            <li>
              The data itself:{" "}
              <a className="link" href={links.status}>
                status.json
              </a>
              {links.history && (
                <>
                  ,{" "}
                  <a className="link" href={links.history}>
                    history.json
                  </a>
                </>
              )}
            </li>
          </ul>
        </section>
      )}

      <p className="text-sm text-muted">
        This page reflects platform health and uptime for all managed WordPress environments. It refreshes itself
        every minute; the data is published every 10 minutes.
      </p>
    </main>
  );
}
