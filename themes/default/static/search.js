// colloq's static search: substrings in Chinese (关系 finds 中美关系),
// words in other scripts. The index names, for each character, pair of
// characters and word, the transcripts that hold it (as differences
// between ids, or as a bitmap when most do); a query fetches the
// index shards of its keys, then the text of the transcripts they all
// point at, newest first (their transcript.json, or the search.json of a
// site without that export), and confirms the whole query in each
// paragraph.
// A site in several languages has an index in each language's folder;
// "all languages" searches the others' too, after this page's own.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  var say = function (name) { return script.getAttribute("data-" + name) || ""; };
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var all = form.querySelector("input[name=all]");
  var PAGE = 20;

  // The index of one language's edition, from its root, fetched as
  // queries need it. The filters are this page's language's.
  function Source(root, own, name, language) {
    var src = { root: root, own: own, name: name, language: language, index: null, shards: {}, texts: {}, lists: {} };
    src.get = function (path) {
      return fetch(root + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    };
    src.loadIndex = function () {
      if (!src.index) src.index = src.get("search/index.json").then(own ? fillFilters : function (d) { return d; });
      return src.index;
    };
    return src;
  }
  var here = Source(root, true, "", "");
  var others = JSON.parse(script.getAttribute("data-others") || "[]").map(function (o) {
    return Source(o.root, false, o.name, o.language);
  });
  function loadIndex() { return here.loadIndex(); }
  function fillFilters(data) {
    form.querySelectorAll("select[data-filter]").forEach(function (select) {
      var kind = select.getAttribute("data-filter");
      data[kind].forEach(function (item, i) {
        // A year by its place; a topic by its key (with the name this
        // language gives it); a speaker by name.
        var option = document.createElement("option");
        if (kind === "years") { option.value = String(i); option.textContent = String(item[0]); }
        else if (typeof item === "string") { option.value = option.textContent = item; }
        else { option.value = item[0]; option.textContent = item[1]; }
        select.appendChild(option);
      });
      var wanted = new URLSearchParams(location.search).get(select.name);
      if (wanted !== null) select.value = wanted;
    });
    return data;
  }

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x2e80 && n <= 0x2fdf) || (n >= 0x3000 && n <= 0x30ff) || (n >= 0x3100 && n <= 0x31ff) ||
      (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xf900 && n <= 0xfaff) ||
      (n >= 0xfe30 && n <= 0xfe4f) || (n >= 0xff00 && n <= 0xffef) || (n >= 0x20000 && n <= 0x3134f);
  }
  function isWordChar(c) { return /[\p{L}\p{N}]/u.test(c); }
  // A CJK character the index holds: not punctuation or a space.
  function isIndexedCjk(c) {
    if (!isCjk(c)) return false;
    var n = c.codePointAt(0);
    return !((n >= 0x3000 && n <= 0x3004) || (n >= 0x3008 && n <= 0x3020) || n === 0x3030 ||
      (n >= 0x303d && n <= 0x303f) || n === 0x30fb || (n >= 0xfe30 && n <= 0xfe4f) ||
      (n >= 0xff00 && n <= 0xff0f) || (n >= 0xff1a && n <= 0xff20) || (n >= 0xff3b && n <= 0xff40) ||
      (n >= 0xff5b && n <= 0xff65) || (n >= 0xffe0 && n <= 0xffef));
  }
  // The same keys as the build makes, as few as find the query.
  function keysOf(query) {
    var chars = Array.from(query), keys = [], i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (isIndexedCjk(c)) {
        var next = chars[i + 1];
        if (next !== undefined && isIndexedCjk(next)) { keys.push(c + next); i += 2; }
        else { keys.push(c); i += 1; }
      } else if (isWordChar(c)) {
        var start = i;
        while (i < chars.length && isWordChar(chars[i]) && !isCjk(chars[i])) i++;
        keys.push(chars.slice(start, i).join("").toLowerCase());
      } else i++;
    }
    return keys;
  }
  function shardOf(key, count) {
    var hash = 0;
    for (var c of key) hash = (Math.imul(hash, 31) + c.codePointAt(0)) >>> 0;
    return hash % count;
  }
  function postings(src, key, count) {
    var k = shardOf(key, count);
    if (!src.shards[k]) src.shards[k] = src.get("search/keys-" + k + ".json");
    return src.shards[k].then(function (shard) {
      var value = shard[key] || [], ids = [], last = 0;
      if (typeof value === "string") {
        // A bitmap: bit i of byte i/8 says whether transcript i holds it.
        var bytes = atob(value);
        for (var i = 0; i < bytes.length * 8; i++) {
          if (bytes.charCodeAt(i >> 3) & (1 << (i & 7))) ids.push(i);
        }
      } else {
        value.forEach(function (d) { last += d; ids.push(last); });
      }
      return ids;
    });
  }
  // A transcript's [slug, title, date], from the file of the list it is in.
  function transcript(src, data, id) {
    var k = Math.floor(id / data.chunk);
    if (!src.lists[k]) src.lists[k] = src.get("search/transcripts-" + k + ".json");
    return src.lists[k].then(function (list) { return list[id - k * data.chunk]; });
  }
  // The questions of a transcript's transcript.json as search.json
  // gives them: each paragraph's visible text (a turn's first after its
  // speaker's name), then its notes; footnotes' definitions are notes.
  function questionsOf(data) {
    if (!data.speakers) return data.questions;
    var names = {}, notes = {};
    data.speakers.forEach(function (s) { names[s.label] = s.name; });
    data.notes.forEach(function (n) {
      if (n.question) (notes[n.question] = notes[n.question] || []).push(["note-" + n.number, n.text]);
    });
    return data.questions.map(function (q) {
      var speakers = [], paras = [];
      q.turns.forEach(function (turn) {
        var name = names[turn.speaker] || turn.speaker;
        if (speakers.indexOf(name) < 0) speakers.push(name);
        turn.paragraphs.forEach(function (p, i) {
          if (p.footnote) return;
          var text = p.text === undefined ? p.markdown : p.text;
          paras.push([p.id, i === 0 ? name + ": " + text : text]);
        });
      });
      return { n: q.number, title: q.title, href: data.slug + "/" + q.number + "/index.html",
        topics: q.topics, speakers: speakers, paras: paras.concat(notes[q.number] || []) };
    });
  }
  function normalize(text) { return text.normalize("NFC").replace(/\s+/g, " ").trim(); }

  // The transcripts of `src` that hold every key of the query, oldest id
  // first; the filters narrow only this page's own language.
  function candidates(src, query, filters) {
    return src.loadIndex().then(function (data) {
      var keys = keysOf(query);
      if (keys.length === 0) return { src: src, data: data, ids: [], next: 0 };
      return Promise.all(keys.map(function (k) { return postings(src, k, data.shards); })).then(function (lists) {
        var found = lists.reduce(function (a, b) { return a.filter(function (id) { return b.indexOf(id) >= 0; }); });
        if (src.own && filters.year !== "") {
          var year = data.years[Number(filters.year)];
          found = found.filter(function (id) { return id >= year[1] && id <= year[2]; });
        }
        return { src: src, data: data, ids: found.sort(function (a, b) { return a - b; }), next: 0 };
      });
    });
  }

  var state = null;
  function search(query, filters, everywhere) {
    query = normalize(query);
    list.textContent = "";
    more.hidden = true;
    if (!query) { status.textContent = ""; return; }
    status.textContent = say("searching");
    var sources = [here].concat(everywhere ? others : []);
    Promise.all(sources.map(function (src) { return candidates(src, query, filters); })).then(function (runs) {
      state = { query: query, needle: query.toLowerCase(), filters: filters, runs: runs, run: 0, shown: 0 };
      return showMore();
    }).catch(function (e) { status.textContent = String(e); });
  }
  function showMore() {
    var s = state, wanted = s.shown + PAGE;
    function step() {
      while (s.run < s.runs.length && s.runs[s.run].next >= s.runs[s.run].ids.length) s.run++;
      if (s.shown >= wanted || s.run >= s.runs.length) return finish();
      var r = s.runs[s.run], src = r.src, id = r.ids[r.next++];
      return transcript(src, r.data, id).then(function (t) {
        if (!src.texts[id]) src.texts[id] = src.get(t[0] + "/" + r.data.texts).then(questionsOf);
        return src.texts[id].then(function (text) { s.shown += showTranscript(s, src, t, text); return step(); });
      });
    }
    function finish() {
      more.hidden = s.run >= s.runs.length;
      status.textContent = s.shown === 0 ? say("none") : s.shown + " " + say("found");
    }
    return step();
  }
  function showTranscript(s, src, t, text) {
    var shown = 0, f = src.own ? s.filters : { topic: "", speaker: "" };
    text.forEach(function (q) {
      if (f.topic !== "" && q.topics.indexOf(f.topic) < 0) return;
      if (f.speaker !== "" && q.speakers.indexOf(f.speaker) < 0) return;
      var hit = null;
      if (q.title.toLowerCase().indexOf(s.needle) >= 0) hit = ["", q.title];
      q.paras.forEach(function (p) { if (!hit || hit[0] === "") { if (p[1].toLowerCase().indexOf(s.needle) >= 0) hit = p; } });
      if (!hit) return;
      list.appendChild(result(s, src, t, q, hit));
      shown++;
    });
    return shown;
  }
  function result(s, src, t, q, hit) {
    var item = document.createElement("li");
    if (!src.own) item.lang = src.language;
    var link = document.createElement("a");
    link.className = "question-title";
    link.href = src.root + q.href + (hit[0] ? "#" + hit[0] : "");
    link.textContent = q.title;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = (src.own ? "" : src.name + " · ") + t[1] + " · " + t[2] + " · " + say("question") + " " + q.n;
    var passage = document.createElement("p");
    passage.className = "passage";
    var text = hit[1], at = text.toLowerCase().indexOf(s.needle);
    var from = Math.max(0, at - 40), to = Math.min(text.length, at + s.query.length + 60);
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + s.query.length);
    passage.append((from > 0 ? "…" : "") + text.slice(from, at), mark, text.slice(at + s.query.length, to) + (to < text.length ? "…" : ""));
    item.append(link, meta, passage);
    return item;
  }

  function filters() {
    var values = {};
    form.querySelectorAll("select[data-filter]").forEach(function (s) { values[s.name] = s.value; });
    return values;
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var params = new URLSearchParams({ q: input.value });
    var f = filters();
    Object.keys(f).forEach(function (k) { if (f[k] !== "") params.set(k, f[k]); });
    if (all && all.checked) params.set("all", "1");
    history.replaceState(null, "", "?" + params.toString());
    search(input.value, f, all && all.checked);
  });
  form.querySelectorAll("select, input[name=all]").forEach(function (s) {
    s.addEventListener("change", function () { if (input.value) form.requestSubmit(); });
  });
  more.addEventListener("click", function () { if (state) showMore(); });
  input.addEventListener("focus", loadIndex, { once: true });
  var initial = new URLSearchParams(location.search);
  if (all) all.checked = initial.get("all") === "1";
  if (initial.get("q")) {
    input.value = initial.get("q");
    loadIndex().then(function () { search(input.value, filters(), all && all.checked); });
  }
})();
