// The ecosystem's real readers, pointed at published trees on loopback.
//
// Input (a JSON file named by READERS_INPUT):
//   { "chromium": path, "page": URL of a page holding one <statuspage-widget> per state,
//     "states": [{ "name", "base" }], "svgs": [URL, ...] }
// Output (a JSON file named by READERS_OUTPUT): what each reader read.
//
// - the statuspage.io client (setApiUrl to each state's tree): every endpoint it has;
// - Atlassian's status widget, in Chromium: the text and indicator class it shows,
//   in its "basic" and "badge" appearances (it reads <src>/api/v2/summary.json);
// - each SVG badge, opened in Chromium: its size, its two boxes, and for each text
//   the width the browser gives it at natural spacing (without the textLength the
//   badge sets), to compare with the box the badge library measured for it.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const { Statuspage } = require("statuspage.io");

const input = JSON.parse(readFileSync(process.env.READERS_INPUT, "utf8"));
const out = { client: {}, widget: {}, svgs: {} };

for (const { name, base } of input.states) {
  const client = new Statuspage("elytracloud");
  client.setApiUrl(base);
  const { api } = client;
  out.client[name] = {
    getSummary: await api.getSummary(),
    getStatus: await api.getStatus(),
    getComponents: await api.getComponents(),
    "incidents.getAll": await api.incidents.getAll(),
    "incidents.getUnresolved": await api.incidents.getUnresolved(),
    "scheduledMaintenances.getAll": await api.scheduledMaintenances.getAll(),
    "scheduledMaintenances.getUpcoming": await api.scheduledMaintenances.getUpcoming(),
    "scheduledMaintenances.getActive": await api.scheduledMaintenances.getActive(),
  };
}

const browser = await chromium.launch({
  executablePath: input.chromium,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
  ],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(input.page);
  for (const [index, { name }] of input.states.entries()) {
    const read = {};
    for (const appearance of ["basic", "badge"]) {
      // Playwright's locators pierce the widget's shadow root.
      const widget = page.locator(`#w${index}-${appearance}`);
      await widget.locator(".status-container").waitFor({ timeout: 20000 });
      read[appearance] = {
        text: (await widget.locator(appearance === "basic" ? ".status-text" : ".status-indicator").innerText()).trim(),
        indicator: await widget.locator(".status-indicator").getAttribute("class"),
      };
    }
    out.widget[name] = read;
  }
  out.widget_errors = errors;

  for (const url of input.svgs) {
    await page.goto(url);
    out.svgs[url] = await page.evaluate(() => {
      const svg = document.documentElement;
      const rects = [...svg.querySelectorAll("g[clip-path] > rect")].slice(0, 2).map((r) => {
        const box = r.getBoundingClientRect();
        return { x: box.x, width: box.width };
      });
      const texts = [...svg.querySelectorAll("text:not([fill-opacity])")].map((text) => {
        const shown = text.getBoundingClientRect();
        const natural = text.cloneNode(true);
        natural.removeAttribute("textLength");
        natural.removeAttribute("lengthAdjust");
        natural.setAttribute("visibility", "hidden");
        text.parentNode.appendChild(natural);
        const box = natural.getBoundingClientRect();
        const measured = Number(text.getAttribute("textLength")) / 10;
        natural.remove();
        return {
          content: text.textContent,
          shown: { x: shown.x, width: shown.width },
          natural: { x: box.x, width: box.width },
          measured,
        };
      });
      return { width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height, rects, texts };
    });
  }
} finally {
  await browser.close();
}

writeFileSync(process.env.READERS_OUTPUT, JSON.stringify(out, null, 2));
