// Checks a built colloq site with software no one here wrote, in the
// system's Chromium (puppeteer-core):
//
//   selectors  every annotation of every annotations.json, resolved by
//              Apache Annotator over the page it targets: its
//              TextQuoteSelector must match exactly once, and its
//              TextPositionSelector give back its `exact` words;
//   fragments  every paragraph link (`#id:~:text=…`) a page offers, run
//              through the text-fragment algorithm of Google's polyfill:
//              it must match once, inside its paragraph;
//   axe        axe-core on the site's kinds of page at 1280 and 390 px:
//              no violation.
//
//   node check.mjs SITE_DIR [selectors,fragments,axe]
//
// Prints a report (JSON) and exits 1 when anything fails. CHROMIUM names
// the browser (default /usr/bin/chromium).

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

import esbuild from "esbuild";
import { launch } from "./browser.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] ?? "site");
const wanted = (process.argv[3] ?? "selectors,fragments,axe").split(",");
const require = createRequire(import.meta.url);

const clients = esbuild.buildSync({
  entryPoints: [path.join(here, "entry.js")],
  bundle: true,
  format: "iife",
  write: false,
  platform: "browser",
}).outputFiles[0].text;
const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const browser = await launch(["--allow-file-access-from-files"]);

/** Opens `file` (a path in the site) once its scripts have run. */
async function open(file, width = 1280) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  await page.goto(pathToFileURL(path.join(site, file)).href, { waitUntil: "load" });
  await page.evaluate(() => new Promise((done) => setTimeout(done, 50)));
  return page;
}

/** The transcripts in `dir` of the site: folders with an annotations.json. */
function transcriptsIn(dir) {
  return fs
    .readdirSync(path.join(site, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(site, dir, d.name, "annotations.json")))
    .map((d) => path.posix.join(dir, d.name))
    .sort();
}

/** The transcripts of the site, and then its translations (`en/slug`). */
function transcripts() {
  return transcriptsIn("").concat(...editions().map(transcriptsIn));
}

/** The page (`slug/3/index.html`) an annotation's `source` names. */
function pageOf(slug, source) {
  const url = new URL(source, "http://site/" + slug + "/");
  let file = decodeURIComponent(url.pathname.slice(1));
  if (file === "" || file.endsWith("/")) file += "index.html";
  return file;
}

async function selectors() {
  const report = { annotations: 0, quoteOnce: 0, positionExact: 0, failures: [] };
  for (const slug of transcripts()) {
    const collection = JSON.parse(fs.readFileSync(path.join(site, slug, "annotations.json"), "utf8"));
    const byPage = new Map();
    for (const item of collection.first.items) {
      const file = pageOf(slug, item.target.source);
      if (!byPage.has(file)) byPage.set(file, []);
      byPage.get(file).push(item);
    }
    for (const [file, items] of byPage) {
      const page = await open(file);
      await page.addScriptTag({ content: clients });
      const results = await page.evaluate(async (items) => {
        const out = [];
        for (const item of items) {
          const list = [item.target.selector].flat();
          const quote = list.find((s) => s.type === "TextQuoteSelector");
          const position = list.find((s) => s.type === "TextPositionSelector");
          const found = [];
          for await (const range of window.clients.createTextQuoteSelectorMatcher(quote)(document.body)) {
            found.push(range.toString());
            if (found.length > 2) break;
          }
          let at = null;
          for await (const range of window.clients.createTextPositionSelectorMatcher(position)(document.body)) {
            at = range.toString();
            break;
          }
          out.push({ id: item.id, exact: quote.exact, found, at });
        }
        return out;
      }, items);
      await page.close();
      for (const r of results) {
        report.annotations += 1;
        const once = r.found.length === 1 && r.found[0] === r.exact;
        const exact = r.at === r.exact;
        if (once) report.quoteOnce += 1;
        if (exact) report.positionExact += 1;
        if (!once || !exact) {
          report.failures.push({ page: file, id: r.id, exact: r.exact, quoteMatches: r.found.length, position: r.at });
        }
      }
    }
  }
  return report;
}

/** The pages whose paragraphs offer links to their words. */
function textPages() {
  const pages = [];
  for (const slug of transcripts()) {
    for (const entry of fs.readdirSync(path.join(site, slug), { withFileTypes: true })) {
      if (entry.isDirectory() && fs.existsSync(path.join(site, slug, entry.name, "index.html"))) {
        pages.push(`${slug}/${entry.name}/index.html`);
      }
    }
    pages.push(`${slug}/index.html`);
  }
  return pages.sort();
}

async function fragments() {
  const report = { links: 0, once: 0, inParagraph: 0, failures: [] };
  for (const file of textPages()) {
    const page = await open(file);
    await page.addScriptTag({ content: clients });
    const results = await page.evaluate(() => {
      const out = [];
      for (const host of document.querySelectorAll(".para-link[data-href]")) {
        const href = host.getAttribute("data-href");
        const [target, directive] = href.slice(1).split(":~:");
        const parsed = window.clients.parseFragmentDirectives({ text: directive.split("&").map((d) => d.replace(/^text=/, "")) });
        const ranges = window.clients.processTextFragmentDirective(parsed.text[0]);
        const paragraph = document.getElementById(target);
        const inside = ranges.length === 1 && paragraph != null && paragraph.contains(ranges[0].commonAncestorContainer);
        out.push({ href, matches: ranges.length, inside, text: ranges.map((r) => r.toString().slice(0, 40)) });
      }
      return out;
    });
    await page.close();
    for (const r of results) {
      report.links += 1;
      if (r.matches === 1) report.once += 1;
      if (r.inside) report.inParagraph += 1;
      if (!r.inside) report.failures.push({ page: file, ...r });
    }
  }
  return report;
}

/** The folders of the site's editions in other languages (`en`). */
function editions() {
  const own = new Set(["topics", "speakers", "search", "archive", "static"]);
  return fs
    .readdirSync(site, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !own.has(d.name) && fs.existsSync(path.join(site, d.name, "search/index.html")))
    .map((d) => d.name)
    .sort();
}

/** One page of each kind. */
function axePages() {
  const pages = ["index.html", "topics/index.html", "speakers/index.html", "search/index.html"];
  const slug = transcripts()[0];
  if (slug) pages.push(`${slug}/index.html`, `${slug}/1/index.html`, `${slug}/full/index.html`);
  for (const dir of ["topics", "speakers"]) {
    const first = fs.readdirSync(path.join(site, dir), { withFileTypes: true }).find((d) => d.isDirectory());
    if (first) pages.push(`${dir}/${first.name}/index.html`);
  }
  // A translation's pages, in the folder of its language, and the
  // side-by-side views.
  for (const language of editions()) {
    if (slug) {
      pages.push(`${language}/index.html`, `${language}/${slug}/1/index.html`);
      pages.push(`${language}/${slug}/1/bilingual/index.html`, `${language}/${slug}/full/bilingual/index.html`);
    }
  }
  return pages.filter((p) => fs.existsSync(path.join(site, p)));
}

async function accessibility() {
  const report = { pages: 0, violations: [] };
  for (const width of [1280, 390]) {
    for (const file of axePages()) {
      const page = await open(file, width);
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ["violations"] });
        return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, first: v.nodes[0]?.html.slice(0, 120) }));
      });
      await page.close();
      report.pages += 1;
      for (const v of violations) report.violations.push({ page: file, width, ...v });
    }
  }
  return report;
}

const report = {};
let failed = false;
try {
  if (wanted.includes("selectors")) {
    report.selectors = await selectors();
    failed ||= report.selectors.failures.length > 0 || report.selectors.annotations === 0;
  }
  if (wanted.includes("fragments")) {
    report.fragments = await fragments();
    failed ||= report.fragments.failures.length > 0 || report.fragments.links === 0;
  }
  if (wanted.includes("axe")) {
    report.axe = await accessibility();
    failed ||= report.axe.violations.length > 0 || report.axe.pages === 0;
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
