// A listener on a served transcript with its recording, in the system's
// Chromium (puppeteer-core): the question page's player starts at its
// question; clicking a turn's time moves the player there; playing moves
// the mark to the next turn.
//
//   node media.mjs SITE_URL SLUG [SCREENSHOT_DIR] [YOUTUBE_PAGE_URL]
//
// With a page of a YouTube-backed transcript, also: nothing is asked of
// any other host until the reader clicks the placeholder, and then only
// the privacy-enhanced player.
//
// Prints each step; exits 1 when one fails. CHROMIUM names the browser.

import path from "node:path";

import { launch } from "./browser.mjs";

const [site, slug, shots, youtubePage] = process.argv.slice(2);
const browser = await launch(["--autoplay-policy=no-user-gesture-required"]);

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exitCode = 1;
}

async function open(page, url, width) {
  await page.setViewport({ width, height: 800 });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => {
    const p = document.querySelector(".media-player audio");
    return p && p.readyState >= 1;
  }, { timeout: 10000 });
}

const at = (page) => page.$eval(".media-player audio", (p) => p.currentTime);
const speaking = (page) => page.evaluate(() => [...document.querySelectorAll(".turn.speaking")].map((t) => t.id));

try {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));

  await open(page, `${site}${slug}/1/index.html`, 1280);
  await page.waitForFunction(() => document.querySelector(".media-player audio").currentTime > 3.9, { timeout: 5000 });
  console.log(`question 1 starts at ${await at(page)}`);
  if (shots) await page.screenshot({ path: path.join(shots, "question-desktop.png") });

  const share = await page.$eval("#t3 .speaker .time-share", (h) => h.shadowRoot.querySelector("a").getAttribute("href"));
  if (!share.endsWith("/1/index.html#t=6") && !share.endsWith("/1/#t=6")) throw new Error(`the share link is ${share}`);
  console.log(`share at this time: ${share}`);

  await page.click("#t3 .speaker a.time");
  await page.waitForFunction(() => {
    const p = document.querySelector(".media-player audio");
    return p.currentTime >= 6 && !p.paused;
  }, { timeout: 5000 });
  await page.waitForSelector("#t3.speaking", { timeout: 5000 });
  console.log(`clicked 0:06: the player is at ${(await at(page)).toFixed(1)}, marked ${await speaking(page)}`);

  // A reload (as `colloq serve --watch` does after each save) keeps the
  // player where it was.
  const before = await at(page);
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction((t) => {
    const p = document.querySelector(".media-player audio");
    return p && p.readyState >= 1 && Math.abs(p.currentTime - t) < 1.5;
  }, { timeout: 5000 }, before);
  console.log(`after a reload the player is at ${(await at(page)).toFixed(1)} (was ${before.toFixed(1)})`);

  const full = await browser.newPage();
  await open(full, `${site}${slug}/full/index.html`, 390);
  await full.click("#t1 .speaker a.time");
  await full.waitForSelector("#t1.speaking", { timeout: 5000 });
  await full.waitForSelector("#t2.speaking", { timeout: 8000 });
  const current = await full.$eval("#t2", (t) => t.getAttribute("aria-current"));
  if (current !== "time") throw new Error(`the spoken turn says aria-current=${current}`);
  console.log(`playing moved the mark to ${await speaking(full)}`);
  if (shots) await full.screenshot({ path: path.join(shots, "full-phone.png") });

  // The captions, read by the browser's own WebVTT parser.
  await full.waitForFunction(() => {
    const track = document.querySelector(".media-player audio").textTracks[0];
    return track && track.cues && track.cues.length > 0;
  }, { timeout: 5000 });
  const cues = await full.evaluate(() => [...document.querySelector(".media-player audio").textTracks[0].cues].map((c) => [c.startTime, c.text]));
  if (cues.length !== 6 || cues[1][0] !== 4 || cues[1][1] !== "<v GUEST>Thanks. What is the first question?</v>") {
    throw new Error(`the browser read the captions as ${JSON.stringify(cues)}`);
  }
  console.log(`the browser reads ${cues.length} captions, the second: ${cues[1][1]}`);

  const foreign = requests.filter((u) => !u.startsWith(site) && !u.startsWith("data:"));
  if (foreign.length) throw new Error(`requests to other hosts: ${foreign.join(", ")}`);
  if (youtubePage) {
    const video = await browser.newPage();
    const asked = [];
    await video.setRequestInterception(true);
    video.on("request", (r) => {
      asked.push(r.url());
      if (new URL(r.url()).host === new URL(youtubePage).host || r.url().startsWith("data:")) r.continue();
      else r.abort();
    });
    await video.goto(youtubePage, { waitUntil: "load" });
    await new Promise((r) => setTimeout(r, 500));
    const before = asked.filter((u) => new URL(u).host !== new URL(youtubePage).host && !u.startsWith("data:"));
    if (before.length) throw new Error(`asked other hosts before the click: ${before.join(", ")}`);
    await video.click(".media-load");
    await video.waitForSelector(".media-player iframe", { timeout: 5000 });
    const src = await video.$eval(".media-player iframe", (f) => f.src);
    if (!src.startsWith("https://www.youtube-nocookie.com/embed/")) throw new Error(`the player is ${src}`);
    console.log(`youtube: nothing asked of other hosts before the click; then ${src}`);
  }
} catch (error) {
  fail(error.message);
}
await browser.close();
