// Copy buttons for a question's citation (made here, as they need the
// script), with the date the reader
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
  // The copy buttons work only with this script, so it makes them, after
  // the citation's text (unless the page has its own).
  if (text && !document.querySelector("button[data-copy]")) {
    var row = document.createElement("p");
    row.className = "cite-buttons";
    [["cite-text", "text"], ["cite-bibtex", "bibtex"], ["cite-csl", "csl"]].forEach(function (form) {
      if (!document.getElementById(form[0])) return;
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-copy", form[0]);
      button.textContent = script.getAttribute("data-copy-" + form[1]);
      row.appendChild(button);
    });
    text.after(row);
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      copy(document.getElementById(button.getAttribute("data-copy")).textContent, button);
    });
  });
  // A paragraph's link names its words as a text fragment: words that
  // the text-fragment algorithm finds once in the page, inside the
  // paragraph. They are taken from the start of the paragraph's first run
  // of the transcript's own words (never a note's number or text, a
  // correction, or struck-out words), cut at word boundaries as the
  // algorithm cuts them (Intl.Segmenter, in the page's language), and as
  // few as are needed to be unique among all the text of the page,
  // notes included.
  var APPARATUS = ".note-ref, .note-show, .sidenote, ins.note-correction, del.note-mark, .para-link, sup";
  var lang = document.documentElement.lang || navigator.language;
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(lang, { granularity: "word" }) : null;
  function normal(text) {
    return (text || "").normalize("NFKD").replace(/\s+/g, " ").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // Everything a search of the page could find, notes included.
  var page = null;
  function pageText() {
    if (page === null) {
      var notes = Array.prototype.map.call(document.querySelectorAll(".sidenote"), function (n) { return n.textContent; });
      page = normal(document.body.innerText + " " + notes.join(" "));
    }
    return page;
  }
  function count(words) {
    var text = pageText(), found = 0, from = 0, at;
    while ((at = text.indexOf(words, from)) !== -1) { found += 1; from = at + 1; }
    return found;
  }
  // The paragraph's runs of words with no apparatus in them, in order.
  function runs(p) {
    var found = [""];
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var apparatus = node.parentElement.closest(APPARATUS);
      if (!apparatus || !p.contains(apparatus)) found[found.length - 1] += node.data;
      else if (found[found.length - 1].trim()) found.push("");
    }
    return found.map(function (run) { return run.replace(/\s+/g, " ").trim(); }).filter(Boolean);
  }
  // The fewest words from the start of a run that the page holds once.
  function unique(run) {
    var ends = [];
    if (segmenter) {
      for (var seg of segmenter.segment(run)) ends.push(seg.index + seg.segment.length);
    } else {
      run.replace(/\S+/g, function (w, i) { ends.push(i + w.length); return w; });
    }
    for (var i = 0; i < ends.length; i++) {
      var words = run.slice(0, ends[i]);
      // A cut that ends on a space or a punctuation mark is no shorter.
      if (/[\s\p{P}]$/u.test(words)) continue;
      if (count(normal(words)) === 1) return words;
    }
    return null;
  }
  // The visible text right before the paragraph, when it is not a
  // note's (a speaker's name, the end of the paragraph before).
  function before(p) {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    walker.currentNode = p;
    for (var node = walker.previousNode(); node; node = walker.previousNode()) {
      var element = node.parentElement;
      if (!node.data.trim() || (element.checkVisibility && !element.checkVisibility())) continue;
      return element.closest(APPARATUS) ? null : node.data.replace(/\s+/g, " ").trim();
    }
    return null;
  }
  // The last words of `text`, as few as `n` segments.
  function lastWords(text, n) {
    var starts = [];
    if (segmenter) {
      for (var seg of segmenter.segment(text)) if (seg.isWordLike) starts.push(seg.index);
    } else {
      text.replace(/\S+/g, function (w, i) { starts.push(i); return w; });
    }
    return n <= starts.length ? text.slice(starts[starts.length - n]) : null;
  }
  // `[prefix, words]` for the paragraph's text fragment: its words, with
  // the words before them when its words alone occur elsewhere too (a
  // question whose words are also its title).
  function fragment(p) {
    var list = runs(p);
    for (var i = 0; i < list.length; i++) {
      var words = unique(list[i]);
      if (words !== null) return [null, words];
    }
    var previous = list.length ? before(p) : null;
    if (!previous || p.textContent.replace(/\s+/g, " ").trim().indexOf(list[0]) !== 0) return null;
    for (var n = 1; n <= 4; n++) {
      var prefix = lastWords(previous, n);
      if (prefix === null) break;
      if (count(normal(prefix + " " + list[0])) === 1) return [prefix, list[0]];
    }
    return null;
  }
  function encode(words) {
    return encodeURIComponent(words).replace(/-/g, "%2D").replace(/,/g, "%2C").replace(/&/g, "%26");
  }
  document.querySelectorAll(".turn-body > p[id], .preamble > p[id]").forEach(function (p) {
    var found = fragment(p);
    if (found === null) return;
    var href = "#" + p.id + ":~:text=" + (found[0] ? encode(found[0]) + "-," : "") + encode(found[1]);
    // The link sits in a shadow root of its own, so the paragraph's text
    // stays the transcript's words for software that reads it (W3C
    // selectors, copying); `data-href` says where it leads.
    var host = document.createElement("span");
    host.className = "para-link";
    host.setAttribute("data-href", href);
    var link = document.createElement("a");
    link.href = href;
    link.textContent = "¶";
    link.title = label;
    link.setAttribute("aria-label", label);
    link.style.color = "inherit";
    link.style.textDecoration = "none";
    link.addEventListener("click", function (e) {
      e.preventDefault();
      copy(location.href.split("#")[0] + href, link);
    });
    (host.attachShadow ? host.attachShadow({ mode: "open" }) : host).appendChild(link);
    p.appendChild(host);
  });
})();
