import type { Tone } from "@/lib/tones";

/**
 * A filled circle in the tone's colour with a glyph that differs per state (check, exclamation
 * mark, cross, wrench, question mark), so the state reads without colour too. Decorative: the
 * words next to it say the same.
 */
export function StateIcon({ tone, size = 20 }: { tone: Tone; size?: number }) {
  return (
    <svg
      className={`state-icon tone-${tone}`}
      data-testid="state-swatch"
      width={size}
      height={size}
      viewBox="0 0 20 20"
      aria-hidden="true"
      focusable="false"
    >
      <circle className="state-icon-disc" cx="10" cy="10" r="10" />
      <Glyph tone={tone} />
    </svg>
  );
}

function Glyph({ tone }: { tone: Tone }) {
  const stroke = {
    className: "state-icon-glyph",
    fill: "none",
    strokeWidth: 2.4,
    strokeLinecap: "round" as const,
    strokeLinejoin: "round" as const,
  };
  switch (tone) {
    case "operational":
      return <path {...stroke} d="M5.5 10.5l3 3 6-7" />;
    case "degraded":
      return (
        <>
          <path {...stroke} d="M10 5v6" />
          <circle className="state-icon-dot" cx="10" cy="14.6" r="1.5" />
        </>
      );
    case "outage":
      return <path {...stroke} d="M6.5 6.5l7 7M13.5 6.5l-7 7" />;
    case "maintenance":
      return <path {...stroke} d="M12.5 5.5a3 3 0 0 0-3.9 3.9L5.5 12.5l2 2 3.1-3.1a3 3 0 0 0 3.9-3.9l-1.8 1.8-1.6-.4-.4-1.6z" />;
    case "unknown":
    case "none":
      return (
        <>
          <path {...stroke} d="M7.6 7.6a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5v.4" />
          <circle className="state-icon-dot" cx="10" cy="14.8" r="1.4" />
        </>
      );
    default: {
      const unreachable: never = tone;
      return unreachable;
    }
  }
}
