// The player of a transcript's recording: each time link seeks it, the
// turn being spoken is marked (and kept in view unless the reader has
// scrolled away), a question page starts at its question, a page address
// ending in #t=SECONDS starts there, and the position survives a reload.
// Without this script the time links open the recording at that time.
(function () {
  "use strict";
  var box = document.querySelector(".media-player");
  if (!box) return;
  var script = document.currentScript || document.querySelector("script[src$='media.js']");
  var playFrom = (script && script.getAttribute("data-play-from")) || "Play from";
  var offset = Number(box.getAttribute("data-offset") || 0);
  var start = box.getAttribute("data-start");
  var turns = Array.prototype.slice.call(document.querySelectorAll(".turn[data-time-start]"));
  var key = "colloq-media:" + location.pathname;
  var player = box.querySelector("audio, video");
  var youtube = box.getAttribute("data-youtube");
  var current = null;
  var scrolledAway = 0;

  var shareLabel = (script && script.getAttribute("data-share")) || "Link to this moment";
  document.querySelectorAll("a.time[data-time]").forEach(function (a) {
    a.setAttribute("aria-label", playFrom + " " + a.textContent);
    // "Share at this time": the page at this moment. In a shadow root,
    // like the paragraph links, so that it is no part of the page's text.
    var holder = document.createElement("span");
    holder.className = "time-share";
    var link = document.createElement("a");
    link.href = location.pathname + "#t=" + a.getAttribute("data-time");
    link.setAttribute("aria-label", shareLabel + " (" + a.textContent + ")");
    link.setAttribute("title", shareLabel);
    link.textContent = "⤴";
    link.style.cssText = "margin-left:0.25rem;font-size:0.8rem;color:inherit;opacity:0.6;text-decoration:none";
    holder.attachShadow({ mode: "open" }).appendChild(link);
    a.after(holder);
  });
  window.addEventListener("wheel", function () { scrolledAway = Date.now(); }, { passive: true });
  window.addEventListener("touchmove", function () { scrolledAway = Date.now(); }, { passive: true });

  window.addEventListener("hashchange", function () {
    var at = fragmentTime();
    if (at !== null) seek(at, true);
  });

  function fragmentTime() {
    var match = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
    return match ? Number(match[1]) : null;
  }

  // YouTube: nothing is asked of YouTube until the reader asks for it.
  function loadVideo(seconds) {
    var frame = box.querySelector("iframe");
    var at = Math.floor(seconds + offset);
    var src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(youtube) + "?autoplay=1&start=" + at;
    if (!frame) {
      frame = document.createElement("iframe");
      frame.setAttribute("title", box.getAttribute("aria-label") || "Video");
      frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.width = "560";
      frame.height = "315";
      box.textContent = "";
      box.appendChild(frame);
    }
    frame.src = src;
  }

  function seek(seconds, play) {
    if (youtube) { loadVideo(seconds); return; }
    player.currentTime = seconds + offset;
    if (play) {
      var playing = player.play();
      if (playing && playing.catch) playing.catch(function () {});
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.time[data-time]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    seek(Number(link.getAttribute("data-time")), true);
  });

  if (youtube) {
    var load = box.querySelector(".media-load");
    if (load) load.addEventListener("click", function () { loadVideo(fragmentTime() || Number(start || 0)); });
    return;
  }

  function mark(seconds) {
    var spoken = null;
    for (var i = 0; i < turns.length; i++) {
      if (Number(turns[i].getAttribute("data-time-start")) <= seconds) spoken = turns[i];
      else break;
    }
    if (spoken === current) return;
    if (current) { current.classList.remove("speaking"); current.removeAttribute("aria-current"); }
    current = spoken;
    if (!current) return;
    current.classList.add("speaking");
    current.setAttribute("aria-current", "time");
    if (!player.paused && Date.now() - scrolledAway > 4000) {
      current.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }

  player.addEventListener("timeupdate", function () { mark(player.currentTime - offset); });
  function ready() {
    var saved = sessionStorage.getItem(key);
    var at = fragmentTime();
    if (saved !== null) {
      sessionStorage.removeItem(key);
      player.currentTime = Number(saved);
    } else if (at !== null) {
      seek(at, false);
    } else if (start !== null && player.currentTime === 0) {
      seek(Number(start), false);
    }
  }
  // The metadata may have come before this script ran (from the cache).
  if (player.readyState >= 1) ready();
  else player.addEventListener("loadedmetadata", ready, { once: true });
  // Kept across a reload (the live reload of `colloq serve --watch`).
  window.addEventListener("pagehide", function () {
    if (player.currentTime > 0) sessionStorage.setItem(key, String(player.currentTime));
  });
})();
