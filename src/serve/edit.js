// Added to every page while `colloq serve --watch` lets pages edit notes,
// never to a build. Selecting words in a transcript offers "Add note";
// every note gets Edit, Move and Delete, and a detached note "Pick
// words…". The server derives the selector and writes the sidecar; the
// page reloads when the site is rebuilt.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="colloq-edit"]');
  var data = document.querySelector('link[rel="alternate"][type="application/ld+json"]');
  if (!meta || !data) return;
  var token = meta.getAttribute("content");
  var api = new URL("__COLLOQ_NOTES__", location.href);
  var mount = api.pathname.replace(/__colloq\/notes$/, "");
  var slug = decodeURIComponent(new URL(data.href).pathname.slice(mount.length).replace(/\/annotations\.json$/, ""));
  var BLOCK = /^(?:t\d+|preamble)-p\d+$/;
  var SKIP = ".sidenote, .note-ref, .note-show, .note-correction, .colloq-tools, script, style";
  var KINDS = ["note", "context", "correction", "fact-check", "translation"];
  // The form speaks the page's language: Chinese or English.
  var STRINGS = {
    en: {
      add: "Add note", move_here: "Move note here", one_paragraph: "Select words within one paragraph.",
      one_paragraph_short: "Select within one paragraph", saving: "Saving…", reloading: "Reloading when the site is rebuilt…",
      add_title: "Add a note on", edit_title: "Edit the note on", kind: "Kind", note: "Note (Markdown)",
      correction: "Corrected words", links: "Links", links_hint: "one address per line", by: "By", date: "Date",
      cancel: "Cancel", save: "Save", added: "Note added", saved: "Note saved", moved: "Note moved",
      reanchored: "Note re-anchored", deleted: "Note deleted", edit: "Edit", move_button: "Move", pick: "Pick words…",
      delete: "Delete", reanchor: "Re-anchor here", pick_banner: "Select the new words for the note on “{q}”, then choose “Move note here”.",
      confirm_delete: "Delete the note on “{q}”?", stale: "The notes file changed since this page was made; it reloads once the site is rebuilt.",
      "kind-note": "Note", "kind-context": "Context", "kind-correction": "Correction", "kind-fact-check": "Fact check", "kind-translation": "Translation"
    },
    zh: {
      add: "添加注释", move_here: "把注释移到这里", one_paragraph: "请在同一段内选择文字。",
      one_paragraph_short: "请在同一段内选择", saving: "正在保存…", reloading: "网站重建后页面会自动刷新…",
      add_title: "添加注释于", edit_title: "编辑注释于", kind: "类型", note: "注释（Markdown）",
      correction: "更正后的文字", links: "链接", links_hint: "每行一个网址", by: "作者", date: "日期",
      cancel: "取消", save: "保存", added: "注释已添加", saved: "注释已保存", moved: "注释已移动",
      reanchored: "注释已重新定位", deleted: "注释已删除", edit: "编辑", move_button: "移动", pick: "选择文字…",
      delete: "删除", reanchor: "定位到这里", pick_banner: "请选择注释“{q}”的新位置，然后点击“把注释移到这里”。",
      confirm_delete: "删除“{q}”上的注释？", stale: "注释文件在本页生成后已被修改；网站重建后页面会自动刷新。",
      "kind-note": "注", "kind-context": "背景", "kind-correction": "更正", "kind-fact-check": "核查", "kind-translation": "翻译"
    }
  };
  var strings = STRINGS[(document.documentElement.lang || "en").toLowerCase().indexOf("zh") === 0 ? "zh" : "en"];
  function say(key, quote) { return strings[key].replace("{q}", quote || ""); }
  var listing = null;
  var moving = null;

  function request(method, body) {
    var url = api.href;
    var init = { method: method, headers: { "X-Colloq-Token": token } };
    if (method === "GET") {
      url += "?transcript=" + encodeURIComponent(slug);
    } else {
      init.headers["Content-Type"] = "application/json";
      body.transcript = slug;
      if (listing) body.revision = listing.revision;
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json.error || response.statusText);
        return json;
      });
    });
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    if (text) node.textContent = text;
    return node;
  }

  // The visible text of a block, as colloq reads it: note numbers, note
  // texts and corrected words left out.
  function textNodes(block) {
    var nodes = [];
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function offsetIn(nodes, container, offset) {
    var probe = document.createRange();
    probe.setStart(container, offset);
    var count = 0;
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i] === container) return count + offset;
      if (probe.comparePoint(nodes[i], 0) >= 0) return count;
      count += nodes[i].data.length;
    }
    return count;
  }

  function blockOf(node) {
    var e = node.nodeType === 1 ? node : node.parentElement;
    while (e && !(e.id && BLOCK.test(e.id))) e = e.parentElement;
    return e;
  }

  // The selection as the server wants it, or a reason it cannot be used.
  function selected() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    var range = selection.getRangeAt(0);
    var block = blockOf(range.startContainer);
    if (!block) return null;
    if (blockOf(range.endContainer) !== block) return { error: say("one_paragraph") };
    var nodes = textNodes(block);
    var text = nodes.map(function (n) { return n.data; }).join("");
    var start = offsetIn(nodes, range.startContainer, range.startOffset);
    var end = offsetIn(nodes, range.endContainer, range.endOffset);
    if (end <= start) return null;
    return {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - 64), start),
      suffix: text.slice(end, end + 64),
      block: block.id,
      question: null,
      rect: range.getBoundingClientRect()
    };
  }

  var floating = el("button", { type: "button", "data-colloq": "add", class: "colloq-tools" }, say("add"));
  floating.style.cssText = "position:absolute;z-index:2147483646;display:none;padding:0.3rem 0.6rem;font:14px system-ui,sans-serif;" +
    "background:#1d4ed8;color:#fff;border:0;border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer";
  floating.addEventListener("mousedown", function (e) { e.preventDefault(); });
  var pending = null;
  floating.addEventListener("click", function () {
    var selection = pending;
    floating.style.display = "none";
    if (!selection) return;
    if (selection.error) { banner(selection.error); return; }
    if (moving) {
      var note = moving;
      moving = null;
      send("PATCH", { id: note.id, exact: selection.exact, prefix: selection.prefix, suffix: selection.suffix, block: selection.block, question: null },
        say("moved"));
    } else {
      form(null, selection);
    }
  });

  function offer() {
    var selection = selected();
    pending = selection;
    if (!selection) { floating.style.display = "none"; return; }
    floating.textContent = selection.error ? say("one_paragraph_short") : moving ? say("move_here") : say("add");
    var rect = selection.rect || { left: 0, bottom: 0 };
    floating.style.left = Math.max(4, rect.left + window.scrollX) + "px";
    floating.style.top = (rect.bottom + window.scrollY + 6) + "px";
    floating.style.display = "block";
  }

  var status = el("div", { role: "status", class: "colloq-tools", "aria-live": "polite" });
  status.style.cssText = "position:fixed;z-index:2147483646;right:1rem;top:1rem;max-width:28rem;padding:0.5rem 0.8rem;display:none;" +
    "font:14px/1.4 system-ui,sans-serif;background:#fffbe6;color:#1f2328;border:1px solid #d4a72c;border-radius:4px";
  function banner(text) {
    status.textContent = text;
    status.style.display = text ? "block" : "none";
  }

  function send(method, body, done) {
    banner(say("saving"));
    return request(method, body).then(function (written) {
      banner(done + ": " + written.file + ":" + written.line + ". " + say("reloading"));
      return written;
    }, function (error) {
      banner(error.message);
      throw error;
    });
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // The form for a new note (`selection`) or an existing one (`note`).
  function form(note, selection) {
    var old = document.getElementById("colloq-note-form");
    if (old) old.remove();
    var dialog = el("dialog", { id: "colloq-note-form", class: "colloq-tools", "aria-labelledby": "colloq-note-form-title" });
    dialog.style.cssText = "max-width:34rem;width:calc(100% - 2rem);font:15px/1.5 system-ui,sans-serif;color:#1f2328;background:#fff;border:1px solid #888;border-radius:6px";
    var f = el("form", { method: "dialog" });
    var quote = note ? note.quote : selection.exact;
    f.append(el("h2", { id: "colloq-note-form-title", style: "font-size:1.1rem;margin:0 0 0.5rem" }, (note ? say("edit_title") : say("add_title")) + " “" + quote + "”"));
    function field(label, input) {
      var wrap = el("p", { style: "margin:0.4rem 0" });
      var l = el("label", {}, label);
      l.style.display = "block";
      input.style.cssText = "width:100%;box-sizing:border-box;font:inherit";
      l.append(input);
      wrap.append(l);
      f.append(wrap);
      return wrap;
    }
    var kind = el("select", { name: "kind" });
    KINDS.forEach(function (k) { kind.append(el("option", { value: k }, say("kind-" + k))); });
    kind.value = note ? note.kind : "context";
    field(say("kind"), kind);
    var body = el("textarea", { name: "note", rows: "4" });
    body.value = note && note.note ? note.note : "";
    field(say("note"), body);
    var correction = el("input", { name: "correction", type: "text" });
    correction.value = note && note.correction ? note.correction : "";
    var correctionField = field(say("correction"), correction);
    var links = el("textarea", { name: "links", rows: "2", placeholder: say("links_hint") });
    links.value = note ? note.links.join("\n") : "";
    field(say("links"), links);
    var by = el("input", { name: "by", type: "text" });
    by.value = note ? (note.by || "") : (listing && listing.editor) || "";
    field(say("by"), by);
    var date = el("input", { name: "date", type: "date" });
    date.value = note ? (note.date || "") : today();
    field(say("date"), date);
    function showCorrection() { correctionField.style.display = kind.value === "correction" ? "" : "none"; }
    kind.addEventListener("change", showCorrection);
    showCorrection();
    var error = el("p", { role: "alert", class: "colloq-form-error", style: "color:#b42318;margin:0.4rem 0" });
    f.append(error);
    var buttons = el("p", { style: "display:flex;gap:0.5rem;justify-content:flex-end;margin:0.6rem 0 0" });
    var cancel = el("button", { type: "button", value: "cancel" }, say("cancel"));
    var save = el("button", { type: "submit", value: "save", "data-colloq": "save" }, say("save"));
    buttons.append(cancel, save);
    f.append(buttons);
    dialog.append(f);
    document.body.append(dialog);
    cancel.addEventListener("click", function () { dialog.close(); dialog.remove(); });
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var payload = {
        kind: kind.value,
        note: body.value,
        correction: kind.value === "correction" ? correction.value : "",
        links: links.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean),
        by: by.value,
        date: date.value
      };
      var method = "PATCH";
      if (note) {
        payload.id = note.id;
      } else {
        method = "POST";
        payload.exact = selection.exact;
        payload.prefix = selection.prefix;
        payload.suffix = selection.suffix;
        payload.block = selection.block;
        payload.question = selection.question;
      }
      save.disabled = true;
      error.textContent = "";
      send(method, payload, note ? say("saved") : say("added")).then(function () {
        dialog.close();
        dialog.remove();
      }, function (problem) {
        save.disabled = false;
        error.textContent = problem.message;
      });
    });
    dialog.showModal();
    body.focus();
  }

  function tools(note, detached) {
    var box = el("span", { class: "colloq-tools" });
    box.style.cssText = "display:inline-flex;gap:0.25rem;margin-left:0.4rem;font:12px system-ui,sans-serif";
    function button(label, name, action) {
      var b = el("button", { type: "button", "data-colloq": name, "data-note-id": note.id }, label);
      b.addEventListener("click", function (e) { e.preventDefault(); e.stopPropagation(); action(); });
      box.append(b);
    }
    if (!detached) button(say("edit"), "edit", function () { form(note, null); });
    if (detached && note.nearest) {
      button(say("reanchor") + ": “" + note.nearest.words + "” (" + note.nearest.score + "%)", "reanchor", function () {
        send("PATCH", { id: note.id, exact: note.nearest.words, block: note.nearest.block, question: null }, say("reanchored")).catch(function () {});
      });
    }
    button(detached ? say("pick") : say("move_button"), "move", function () {
      moving = note;
      banner(say("pick_banner", note.quote));
    });
    button(say("delete"), "delete", function () {
      if (!window.confirm(say("confirm_delete", note.quote))) return;
      send("DELETE", { id: note.id }, say("deleted")).catch(function () {});
    });
    return box;
  }

  function attach(json) {
    listing = json;
    if (json.stale) {
      banner(say("stale"));
      return;
    }
    json.notes.forEach(function (note) {
      var text = document.getElementById("note-" + note.number + "-text");
      if (text) text.append(tools(note, false));
    });
    var items = document.querySelectorAll(".detached-notes li");
    json.detached.forEach(function (note) {
      for (var i = 0; i < items.length; i++) {
        if (items[i].textContent.indexOf(note.quote) !== -1 && !items[i].querySelector(".colloq-tools")) {
          items[i].append(tools(note, true));
          break;
        }
      }
    });
  }

  document.body.append(floating, status);
  document.addEventListener("mouseup", function () { setTimeout(offer, 0); });
  document.addEventListener("keyup", function (e) { if (e.shiftKey || e.key === "Shift") offer(); });
  request("GET").then(attach, function (error) { banner(error.message); });
})();
