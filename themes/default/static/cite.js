// Copy buttons for a question's citation, with the date the reader
// accessed the page added to each form, and beside every paragraph a link
// to its words: the paragraph's address with a text fragment
// (#t3-p2:~:text=...), so the link opens on the words themselves.
(function () {
  "use strict";
  var script = document.currentScript;
  var copied = script.getAttribute("data-copied");
  var label = script.getAttribute("data-link");
  // Today, in the reader's own calendar day, as YYYY-MM-DD.
  var now = new Date();
  var day = [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  var today = day.map(function (n, i) { return (i ? ("0" + n).slice(-2) : String(n)); }).join("-");
  var text = document.getElementById("cite-text");
  if (text) text.textContent += " " + script.getAttribute("data-accessed") + " " + today + ".";
  var bibtex = document.getElementById("cite-bibtex");
  if (bibtex) bibtex.textContent = bibtex.textContent.replace(/\n\}$/, "\n  urldate = {" + today + "},\n}");
  var csl = document.getElementById("cite-csl");
  if (csl) {
    try {
      var items = JSON.parse(csl.textContent);
      items.forEach(function (item) { item.accessed = { "date-parts": [day] }; });
      csl.textContent = JSON.stringify(items, null, 2);
    } catch (e) { /* leave it as it is */ }
  }
  function copy(text, button) {
    var done = function () {
      var before = button.textContent;
      button.textContent = copied;
      setTimeout(function () { button.textContent = before; }, 1500);
    };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      copy(document.getElementById(button.getAttribute("data-copy")).textContent, button);
    });
  });
  // The first words a reader sees, enough to find the paragraph again.
  function start(p) {
    var clone = p.cloneNode(true);
    clone.querySelectorAll(".sidenote, .note-ref, .note-show, ins.note-correction, .para-link").forEach(function (n) { n.remove(); });
    var text = clone.textContent.replace(/\s+/g, " ").trim();
    var cjk = /[\u3000-\u9fff\uff00-\uffef]/.test(text.slice(0, 12));
    var words = cjk ? Array.from(text).slice(0, 12).join("") : text.split(" ").slice(0, 6).join(" ");
    return encodeURIComponent(words).replace(/-/g, "%2D").replace(/,/g, "%2C").replace(/&/g, "%26");
  }
  document.querySelectorAll(".turn-body > p[id], .preamble > p[id]").forEach(function (p) {
    var link = document.createElement("a");
    link.className = "para-link";
    link.href = "#" + p.id + ":~:text=" + start(p);
    link.textContent = "¶";
    link.title = label;
    link.setAttribute("aria-label", label);
    link.addEventListener("click", function (e) {
      e.preventDefault();
      copy(location.href.split("#")[0] + link.getAttribute("href"), link);
    });
    p.appendChild(link);
  });
})();
