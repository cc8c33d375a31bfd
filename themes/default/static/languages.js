// The language switch keeps the reader at the passage they are reading:
// the anchor they followed, else the first turn or paragraph in view; and
// a search keeps its words in the other language's search.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-keep-place]");
  if (!link) return;
  var at = location.hash;
  if (!at) {
    var passages = document.querySelectorAll("[id^='t'].turn, p[id^='t'], div.block[id^='t']");
    for (var i = 0; i < passages.length; i++) {
      if (passages[i].getBoundingClientRect().bottom > 0) { at = "#" + passages[i].id; break; }
    }
  }
  // A search keeps its words in the other language's search.
  var url = new URL(link.href, location.href);
  if (location.search && /\/search\/(index\.html)?$/.test(url.pathname)) url.search = location.search;
  if (at && /^#(t\d+(-p\d+)?|q\d+|note-\d+)$/.test(at)) url.hash = at;
  link.href = url.href;
});

