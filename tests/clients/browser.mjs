// The system's Chromium, as every Node client here runs it: headless,
// with a profile of its own, and nothing talking to the network.
// CHROMIUM names the browser (default /usr/bin/chromium).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import puppeteer from "puppeteer-core";

/** Launches Chromium with the flags every test uses, and `extra`. */
export function launch(extra = []) {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), "colloq-chromium-")),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      ...extra,
    ],
  });
}
