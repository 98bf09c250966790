/*
 * On every page: a table wider than the screen scrolls in a region the keyboard can reach
 * (focusable, named by the nearest heading).
 *
 * On the catalogue page:  combined filters, sort, pages and search over the collection's static
 * data (catalogue.json and search/XX.json, beside the language's home page). Same-origin
 * only; no cookies, no storage, nothing sent anywhere. Every value is written with
 * textContent, never as HTML. Without JavaScript the page keeps its plain lists.
 */
(function () {
  "use strict";
  function scrollRegions() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.scrollWidth > w.clientWidth + 1 && !w.hasAttribute("tabindex")) {
        w.setAttribute("tabindex", "0");
        w.setAttribute("role", "region");
        var h = document.querySelector("h1");
        if (h) w.setAttribute("aria-label", h.textContent);
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setTimeout(scrollRegions, 0); });
  else setTimeout(scrollRegions, 0);
  window.addEventListener("resize", scrollRegions);
})();
/* Loaded async from <head>: the catalogue starts as soon as its last element is parsed,
   without waiting for the rest of the page or Material's bundle. */
(function () {
  "use strict";
  var started = false;
  function start() {
    if (started || !document.getElementById("cpr-pager")) return started;
    started = true;
    catalogue();
    return true;
  }
  if (start()) return;
  var watch = new MutationObserver(function () { if (start()) watch.disconnect(); });
  watch.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { watch.disconnect(); start(); });
})();
function catalogue() {
  "use strict";
  var root = document.getElementById("cpr-catalogue");
  if (!root || !window.fetch) return;
  var L = JSON.parse(root.getAttribute("data-labels"));
  var base = root.getAttribute("data-base");
  var PAGE = parseInt(root.getAttribute("data-page-size"), 10) || 20;
  var form = document.getElementById("cpr-filters");
  var count = document.getElementById("cpr-count");
  var list = document.getElementById("cpr-results");
  var pager = document.getElementById("cpr-pager");
  var FIELDS = ["q", "type", "board", "year", "theme", "outcome", "sort"];
  var reviews = [];
  var shards = {};
  var page = 1;
  var token = 0;

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function terms(q) {
    return (fold(q).match(/[a-z0-9]+/g) || []).filter(function (w) { return w.length >= 2; });
  }
  function longDate(iso) {
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + L.months[parseInt(p[1], 10) - 1] + " " + p[0];
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  /* Shown words: a string in the page's language, or {t: words, l: "en"} (marked).
     In a Welsh catalogue, a Board or theme with no Welsh form (no B, or null in H)
     is shown by its English name, marked lang="en". */
  var dataLang = "en";
  function words(v) { return typeof v === "string" ? v : v.t; }
  function put(parent, v) {
    if (typeof v === "string") parent.appendChild(document.createTextNode(v));
    else { var s = el("span", null, v.t); s.lang = v.l; parent.appendChild(s); }
  }
  function english(text) { return dataLang === "en" ? text : { t: text, l: "en" }; }
  function boardOf(r) { return r.B ? r.B : english(r.b); }
  /* In the order of the words shown, as on the generated pages. */
  function themesOf(r) {
    return r.h.map(function (x, i) { return r.H && r.H[i] ? r.H[i] : english(x); })
      .sort(function (a, b) {
        var x = words(a).toLowerCase(), y = words(b).toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      });
  }
  function state() {
    var s = {};
    FIELDS.forEach(function (f) { s[f] = form.elements[f].value; });
    return s;
  }
  function saveState(s) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (f) { if (s[f] && !(f === "sort" && s[f] === "newest")) params.set(f, s[f]); });
    if (page > 1) params.set("page", String(page));
    var q = params.toString();
    history.replaceState(null, "", location.pathname + (q ? "?" + q : ""));
  }
  function loadState() {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (f) {
      var v = params.get(f);
      if (v !== null) form.elements[f].value = v;
    });
    page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  }
  function facetMatch(r, s) {
    return (!s.type || r.t === s.type) && (!s.board || r.b === s.board) &&
      (!s.year || String(r.y) === s.year) && (!s.theme || r.h.indexOf(s.theme) >= 0) &&
      (!s.outcome || r.o === s.outcome);
  }
  function sorter(kind) {
    if (kind === "oldest") return function (a, b) { return a.d < b.d ? -1 : a.d > b.d ? 1 : a.r < b.r ? -1 : 1; };
    if (kind === "board") return function (a, b) {
      var x = a._board, y = b._board;
      return x < y ? -1 : x > y ? 1 : a.d > b.d ? -1 : a.d < b.d ? 1 : a.r < b.r ? -1 : 1;
    };
    return function (a, b) { return a.d > b.d ? -1 : a.d < b.d ? 1 : a.r < b.r ? -1 : 1; };
  }
  function shard(key) {
    if (!shards[key]) {
      shards[key] = fetch(base + "search/" + key + ".json", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return shards[key];
  }
  /* Positions of the reviews whose text has every word (the last one as a prefix). */
  function fullText(ws) {
    return Promise.all(ws.map(function (w) { return shard(w.slice(0, 2)); })).then(function (got) {
      var result = null;
      ws.forEach(function (w, i) {
        var found = {};
        var index = got[i];
        var last = i === ws.length - 1;
        Object.keys(index).forEach(function (k) {
          if (k === w || (last && k.lastIndexOf(w, 0) === 0)) index[k].forEach(function (p) { found[p] = true; });
        });
        if (result === null) result = found;
        else Object.keys(result).forEach(function (p) { if (!found[p]) delete result[p]; });
      });
      return result || {};
    });
  }
  function card(r) {
    var li = el("li", "cpr-card");
    var h = el("h3", "cpr-card__title");
    var a = el("a", null, r.n);
    a.href = base + "reviews/" + r.r + "/";
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "cpr-card__meta");
    put(meta, boardOf(r));
    put(meta, " · " + [L.types[r.t] || r.t, L.published + " " + longDate(r.d)].join(" · "));
    li.appendChild(meta);
    if (r.s) {
      var summary = el("p", "cpr-card__summary", r.s);
      if (r.sl) summary.lang = r.sl;
      li.appendChild(summary);
    }
    var themes = themesOf(r);
    if (themes.length) {
      var p = el("p", "cpr-card__themes", L.themes + ": ");
      themes.forEach(function (v, i) { if (i) put(p, ", "); put(p, v); });
      li.appendChild(p);
    }
    return li;
  }
  function button(text, target, current) {
    var b = el("button", "md-button", text);
    b.type = "button";
    if (current) { b.setAttribute("aria-current", "page"); b.className += " md-button--primary"; }
    b.addEventListener("click", function () { page = target; render(lastResults, true); });
    return b;
  }
  var lastResults = [];
  function render(results, moveFocus) {
    lastResults = results;
    var pages = Math.max(1, Math.ceil(results.length / PAGE));
    if (page > pages) page = pages;
    var start = (page - 1) * PAGE;
    list.textContent = "";
    results.slice(start, start + PAGE).forEach(function (r) { list.appendChild(card(r)); });
    count.textContent = results.length === 0 ? L.none :
      L.showing.replace("{from}", start + 1).replace("{to}", Math.min(start + PAGE, results.length))
        .replace("{n}", results.length);
    pager.textContent = "";
    if (pages > 1) {
      if (page > 1) pager.appendChild(button(L.previous, page - 1, false));
      var first = Math.max(1, Math.min(page - 2, pages - 4));
      for (var p = first; p <= Math.min(pages, first + 4); p++) pager.appendChild(button(String(p), p, p === page));
      if (page < pages) pager.appendChild(button(L.next, page + 1, false));
      pager.appendChild(el("span", "cpr-pager__of", L.page_of.replace("{page}", page).replace("{pages}", pages)));
    }
    saveState(state());
    if (moveFocus) count.focus();
  }
  function update(resetPage) {
    if (resetPage) page = 1;
    var s = state();
    var mine = ++token;
    var chosen = reviews.filter(function (r) { return facetMatch(r, s); });
    var ws = terms(s.q);
    var order = sorter(s.sort);
    if (!ws.length) { render(chosen.sort(order), false); return; }
    /* Metadata and summary first: shown at once, then widened by the full text. */
    var quick = chosen.filter(function (r) {
      var hay = r._hay;
      return ws.every(function (w) { return hay.indexOf(w) >= 0; });
    });
    render(quick.slice().sort(order), false);
    fullText(ws).then(function (found) {
      if (mine !== token) return;
      var seen = {};
      quick.forEach(function (r) { seen[r._i] = true; });
      var more = chosen.filter(function (r) { return found[r._i] && !seen[r._i]; });
      render(quick.sort(order).concat(more.sort(order)), false);
    });
  }
  function hideFallback() {
    var fallback = document.getElementById("cpr-static");
    if (fallback) fallback.hidden = true;
  }
  var timer = null;
  form.addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { update(true); }, e.target.name === "q" ? 120 : 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); update(true); });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
  fetch(base + "catalogue.json", { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      reviews = data.reviews;
      dataLang = data.lang || "en";
      reviews.forEach(function (r, i) {
        r._i = i;
        r._board = words(boardOf(r)).toLowerCase();
        r._hay = fold([r.n, r.b, words(boardOf(r)), r.h.join(" "), themesOf(r).map(words).join(" "),
          r.s, L.types[r.t] || ""].join(" "));
      });
      hideFallback();
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hideFallback);
      root.hidden = false;
      loadState();
      /* On a phone the filters start folded unless the address sets one. */
      var more = document.getElementById("cpr-more");
      var set = ["type", "board", "year", "theme", "outcome"].some(function (f) { return form.elements[f].value; });
      if (more && !set && window.matchMedia("(max-width: 44.9375em)").matches) more.open = false;
      update(false);
    });
}
