// Added to every page while `colloq serve --watch` runs, never to a build.
// Reloads the page after each successful rebuild, keeping its scroll
// position, and shows what went wrong when a rebuild fails.
(function () {
  "use strict";
  var events = new URL("__COLLOQ_EVENTS__", location.href);
  var key = "colloq-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  function overlay() {
    var box = document.getElementById("colloq-problems");
    if (!box) {
      box = document.createElement("div");
      box.id = "colloq-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
        "margin:0;padding:0.75rem 1rem 1rem;background:#1e1e1e;color:#f0f0f0;border-top:4px solid #e5534b;" +
        "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,'Noto Sans Mono CJK SC',monospace;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    return box;
  }
  function show(problems) {
    var existing = document.getElementById("colloq-problems");
    if (!problems.error && problems.detached.length === 0) {
      if (existing) existing.remove();
      return;
    }
    var box = overlay();
    box.textContent = "";
    var title = document.createElement("strong");
    title.style.cssText = "display:block;margin-bottom:0.5rem;color:" + (problems.error ? "#ff938a" : "#f0c674");
    title.textContent = problems.error
      ? "colloq: the last change could not be built; this is the last good version of the page."
      : "colloq: some notes could not be placed; they are shown as detached notes.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.style.cssText = "float:right;background:none;border:0;color:inherit;font-size:20px;cursor:pointer";
    close.onclick = function () { box.remove(); };
    var text = document.createElement("pre");
    text.style.cssText = "margin:0;white-space:pre-wrap";
    text.textContent = problems.error || problems.detached.join("\n");
    box.append(close, title, text);
  }
  var source = new EventSource(events);
  source.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
  source.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
})();
