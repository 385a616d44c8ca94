/* Ketenwijzer on paper: what kw-print.css shows when a page is printed.
   Adds, hidden on screen, a line with the site's name, the page's address and
   today's date; gives every link its full address on the live site and marks
   the first use of every abbreviation (the build marks only that one), so print can write both out. */
(function () {
  "use strict";

  /* "Repatriation and Departure Service (DT&V)": the text itself spells it out just before */
  function writtenOutBefore(abbr) {
    var block = abbr.parentElement.closest("p, li, td, th, dd, dt, h1, h2, h3, h4, h5, h6") || abbr.parentElement;
    var before = document.createRange();
    before.setStart(block, 0);
    before.setEndBefore(abbr);
    return before.toString().indexOf(abbr.getAttribute("title")) !== -1;
  }

  function init() {
    var article = document.querySelector(".md-content__inner");
    if (!article) return;
    var canonical = document.querySelector('link[rel="canonical"]');
    var address = canonical ? canonical.href : window.location.href.split("#")[0];
    var siteName = document.querySelector(".md-header__topic .md-ellipsis");
    var lang = document.documentElement.lang || "nl";
    if (lang === "en") lang = "en-GB";  /* 4 December 2026, as the site writes dates */
    var today = new Date().toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });

    var meta = document.createElement("p");
    meta.className = "kw-print-meta";
    meta.hidden = true;
    meta.textContent = [siteName ? siteName.textContent.trim() : "", address, today]
      .filter(Boolean).join(" \u00b7 ");
    article.insertBefore(meta, article.firstChild);

    article.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || link.classList.contains("headerlink")) return;
      var full = new URL(href, address).href;
      var text = link.textContent.trim();
      if (text === full || "mailto:" + text === full) return;
      link.setAttribute("data-kw-href", full);
    });

    var seen = {};
    article.querySelectorAll("abbr[title]").forEach(function (abbr) {
      var short = abbr.textContent.trim();
      if (seen[short]) return;
      seen[short] = true;
      if (!writtenOutBefore(abbr)) abbr.setAttribute("data-kw-first", "");
    });
    document.documentElement.classList.add("kw-print");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
