// Preloaded into `next build` and `next start` by the browser tests (NODE_OPTIONS=--import):
// moves the server's clock by SITE_CLOCK_OFFSET_MS, so the site renders "now" as the instant
// the tests pass in, and every process (build, server, its workers) agrees on it. Time still
// advances; timers are untouched. Never loaded outside the tests.
const offset = Number(process.env.SITE_CLOCK_OFFSET_MS ?? "0");

if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() - offset);
      else super(...args);
    }
  }
  // Own statics, as Date has them (code that wraps Date copies own properties only).
  for (const name of Object.getOwnPropertyNames(RealDate)) {
    if (!["length", "name", "prototype"].includes(name)) {
      Object.defineProperty(ShiftedDate, name, Object.getOwnPropertyDescriptor(RealDate, name));
    }
  }
  ShiftedDate.now = () => RealDate.now() - offset;
  globalThis.Date = ShiftedDate;
  // Next.js also reads the time as performance.timeOrigin + performance.now().
  const origin = performance.timeOrigin - offset;
  Object.defineProperty(performance, "timeOrigin", { get: () => origin, configurable: true });
}
