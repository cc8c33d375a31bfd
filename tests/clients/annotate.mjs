// An editor at work on a page served by `colloq serve --watch`, in the
// system's Chromium (puppeteer-core): selects words with the mouse, adds a
// note through the form, and sees it beside the words after the reload;
// edits it, moves it to other words, and deletes it.
//
//   node annotate.mjs URL BLOCK WORDS NEW_WORDS [SCREENSHOT_DIR]
//
// URL is a question page, BLOCK the id of a paragraph on it, WORDS the
// words to select in it and NEW_WORDS those to move the note to. Prints
// each step; exits 1 when one fails. CHROMIUM names the browser (default
// /usr/bin/chromium).

import path from "node:path";

import { launch } from "./browser.mjs";

const [url, block, words, newWords, shots] = process.argv.slice(2);
const browser = await launch();

let step = 0;
async function shot(page, name) {
  if (shots) await page.screenshot({ path: path.join(shots, `${++step}-${name}.png`) });
}

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exitCode = 1;
}

/** Drags the mouse over `text` inside the element `#id`, as a reader selects. */
async function select(page, id, text) {
  const box = await page.evaluate((id, text) => {
    const root = document.getElementById(id);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const at = node.data.indexOf(text);
      if (at === -1 || node.parentElement.closest(".sidenote")) continue;
      node.parentElement.scrollIntoView({ block: "center" });
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const first = range.getBoundingClientRect();
      range.setStart(node, at + text.length - 1);
      range.setEnd(node, at + text.length);
      const last = range.getBoundingClientRect();
      return { x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2 };
    }
    return null;
  }, id, text);
  if (!box) throw new Error(`“${text}” is not in #${id}`);
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  await page.mouse.move(box.x1, box.y1, { steps: 8 });
  await page.mouse.up();
  const selected = await page.evaluate(() => String(window.getSelection()));
  if (selected !== text) throw new Error(`the mouse selected “${selected}”, not “${text}”`);
}

/** Clicks `selector` and waits for the page to reload after the rebuild. */
async function saveAndReload(page, click) {
  const reloaded = page.waitForNavigation({ timeout: 20000 });
  await click();
  await reloaded;
  await page.waitForFunction(() => document.readyState === "complete");
}

/** The note marked on `text`, as the reloaded page shows it. */
async function noteOn(page, text) {
  return page.evaluate((text) => {
    for (const mark of document.querySelectorAll("[data-note]")) {
      const n = mark.getAttribute("data-note");
      const marks = [...document.querySelectorAll(`[data-note="${n}"]`)].map((m) => m.textContent).join("");
      if (marks !== text) continue;
      const note = document.getElementById(`note-${n}-text`);
      const a = mark.getBoundingClientRect();
      const b = note.getBoundingClientRect();
      return { number: n, text: note.textContent, beside: Math.abs(a.top - b.top) < 200 && b.width > 0 };
    }
    return null;
  }, text);
}

const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 900 });
page.on("dialog", (dialog) => dialog.accept());
await page.goto(url, { waitUntil: "load" });
await page.waitForSelector('meta[name="colloq-edit"]');
await page.waitForFunction(() => document.querySelector(".colloq-tools [data-colloq=edit]") !== null || document.querySelectorAll("[data-note]").length === 0, { timeout: 10000 });

try {
  // Add.
  await select(page, block, words);
  await page.waitForSelector("[data-colloq=add]", { visible: true });
  await shot(page, "selected");
  await page.click("[data-colloq=add]");
  await page.waitForSelector("#colloq-note-form[open]");
  await page.select("#colloq-note-form select[name=kind]", "context");
  await page.type("#colloq-note-form textarea[name=note]", "浏览器里加的注释。");
  await page.$eval("#colloq-note-form input[name=by]", (input) => { input.value = ""; });
  await page.type("#colloq-note-form input[name=by]", "编辑部");
  await shot(page, "form");
  await saveAndReload(page, () => page.click("#colloq-note-form [data-colloq=save]"));
  let note = await noteOn(page, words);
  if (!note) throw new Error(`no note on “${words}” after the reload`);
  if (!note.text.includes("浏览器里加的注释。") || !note.text.includes("编辑部")) throw new Error(`the note reads “${note.text}”`);
  if (!note.beside) throw new Error("the note is not beside its words");
  console.log(`added: note ${note.number} on “${words}”`);
  await shot(page, "added");

  // Edit.
  await page.waitForSelector(`#note-${note.number}-text [data-colloq=edit]`);
  await page.$eval(`#note-${note.number}-text [data-colloq=edit]`, (b) => b.click());
  await page.waitForSelector("#colloq-note-form[open]");
  await page.$eval("#colloq-note-form textarea[name=note]", (t) => { t.value = ""; });
  await page.type("#colloq-note-form textarea[name=note]", "改过的注释。");
  await saveAndReload(page, () => page.click("#colloq-note-form [data-colloq=save]"));
  note = await noteOn(page, words);
  if (!note || !note.text.includes("改过的注释。")) throw new Error(`the edit is not shown: ${JSON.stringify(note)}`);
  console.log(`edited: note ${note.number}`);

  // Move.
  await page.waitForSelector(`#note-${note.number}-text [data-colloq=move]`);
  await page.$eval(`#note-${note.number}-text [data-colloq=move]`, (b) => b.click());
  await select(page, block, newWords);
  await page.waitForSelector("[data-colloq=add]", { visible: true });
  const label = await page.$eval("[data-colloq=add]", (b) => b.textContent);
  if (label !== "把注释移到这里") throw new Error(`the button says “${label}”`);
  await saveAndReload(page, () => page.click("[data-colloq=add]"));
  if (await noteOn(page, words)) throw new Error(`the note is still on “${words}”`);
  note = await noteOn(page, newWords);
  if (!note || !note.text.includes("改过的注释。")) throw new Error(`the note did not move: ${JSON.stringify(note)}`);
  console.log(`moved: note ${note.number} on “${newWords}”`);
  await shot(page, "moved");

  // Delete.
  await page.waitForSelector(`#note-${note.number}-text [data-colloq=delete]`);
  await saveAndReload(page, () => page.$eval(`#note-${note.number}-text [data-colloq=delete]`, (b) => b.click()));
  if (await noteOn(page, newWords)) throw new Error("the note is still there after Delete");
  console.log("deleted");
} catch (error) {
  await shot(page, "failed");
  fail(error.message);
}
await browser.close();
