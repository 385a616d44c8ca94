/* Ketenwijzer search: the header's search dialog over Pagefind's index.
 *
 * The index is Pagefind's (built by `mkdocs build`, see src/ketenwijzer/pagefind_step.py),
 * one per language: pagefind.js picks the one of the page's <html lang>. Nothing loads
 * until the dialog opens; a query loads only the chunks of the index it needs.
 * Keys: "/" or "s" opens the dialog, the down and up arrows move between the field and
 * the results, Esc closes (the browser's <dialog> does that and keeps focus inside).
 */
(function () {
  "use strict";

  /* Each result shown loads its page record (Pagefind's fragment: the page's text, for the excerpt), so the
     dialog loads the records of the first results only, and more when the reader asks for them */
  var FIRST = 5;  // results shown at first
  var NEXT = 10;  // results each "more" adds
  /* ms after the last keystroke before searching: a search for every letter would load the index chunks
     and page records of every prefix typed on the way ("o", "op", "opv"...) */
  var DELAY = 250;
  /* Pagefind's ranking, chosen with benchmarks/search_quality.py: a long page is not worth much less
     than a short one (pageLength, Pagefind's default 0.75), and a whole-word hit ("terugkeer") counts
     far more than a longer word that starts with it ("terugkeerconsulent") (termSimilarity, default 1);
     a hit in an organisation's or topic's own names (the "names" metadata field, see pagefind_step.py)
     adds a boost twice that of a hit in a title, whatever the page's length (metaWeights) */
  var RANKING = { pageLength: 0.3, termSimilarity: 4, metaWeights: { title: 5, names: 10 } };

  function init() {
    var root = document.querySelector("[data-kw-search]");
    if (!root || typeof HTMLDialogElement === "undefined") return;
    var texts = JSON.parse(root.getAttribute("data-texts") || "{}");
    var siteRoot = new URL(root.getAttribute("data-root") || "./", window.location.href);
    var bundle = new URL(root.getAttribute("data-bundle") || "pagefind/", siteRoot).href;
    var open = root.querySelector(".kw-search__open");
    var dialog = root.querySelector(".kw-search__dialog");
    var input = root.querySelector(".kw-search__input");
    var status = root.querySelector(".kw-search__status");
    var list = root.querySelector(".kw-search__results");
    var selects = Array.prototype.slice.call(root.querySelectorAll(".kw-search__filter"));
    var loading = null, filling = null, pagefind = null, timer = null, asked = 0;

    function say(key, values) {
      var out = texts[key] || "";
      Object.keys(values || {}).forEach(function (name) { out = out.split("{" + name + "}").join(values[name]); });
      return out;
    }

    function load() {
      if (!loading) {
        loading = import(bundle + "pagefind.js").then(function (module) {
          pagefind = module;
          return module.options({ baseUrl: siteRoot.pathname, ranking: RANKING });
        });
      }
      return loading;
    }

    /* the filters' values load when a reader turns to a filter, not with every query:
       they list every page of the archive */
    function fillFilters() {
      if (filling) return filling;
      filling = load().then(function () { return pagefind.filters(); }).then(function (filters) {
        selects.forEach(function (select) {
          var values = Object.keys(filters[select.getAttribute("data-filter")] || {}).sort();
          values.forEach(function (value) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = value;
            select.appendChild(option);
          });
          if (!values.length) select.disabled = true;
        });
      });
      return filling;
    }

    function chosenFilters() {
      var filters = {};
      selects.forEach(function (select) {
        if (select.value) filters[select.getAttribute("data-filter")] = select.value;
      });
      return filters;
    }

    /* Pagefind's excerpt is the page's plain text with <mark> around the hits: escape the text */
    function excerpt(text) {
      var div = document.createElement("div");
      div.textContent = text || "";
      return div.innerHTML.replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
    }

    function item(data) {
      var li = document.createElement("li");
      li.className = "kw-search__result";
      var link = document.createElement("a");
      link.href = data.url;
      link.className = "kw-search__link";
      var title = document.createElement("span");
      title.className = "kw-search__result-title";
      title.textContent = (data.meta && data.meta.title) || data.url;
      link.appendChild(title);
      var where = (data.filters && data.filters.section) || [];
      if (where.length) {
        var section = document.createElement("span");
        section.className = "kw-search__result-section";
        section.textContent = where.join(", ") + ((data.filters.edition || []).length ? " · " + data.filters.edition.join(", ") : "");
        link.appendChild(section);
      }
      var text = document.createElement("span");
      text.className = "kw-search__result-excerpt";
      /* an excerpt drawn from the hidden names and synonyms (joined by "¦") says less than the description */
      if ((data.excerpt || "").indexOf("\u00a6") >= 0 && data.meta && data.meta.description) text.textContent = data.meta.description;
      else text.innerHTML = excerpt(data.excerpt);
      link.appendChild(text);
      li.appendChild(link);
      return li;
    }

    function show(query, results, from, number) {
      var count = from === 0 ? FIRST : NEXT;
      var part = results.slice(from, from + count);
      return Promise.all(part.map(function (r) { return r.data(); })).then(function (pages) {
        if (number !== asked) return;  // a newer query has been answered meanwhile: leave its results
        if (from === 0) list.textContent = "";
        var more = list.querySelector(".kw-search__more");
        if (more) more.remove();
        pages.forEach(function (data) { list.appendChild(item(data)); });
        if (results.length > from + count) {
          var li = document.createElement("li");
          li.className = "kw-search__more";
          var button = document.createElement("button");
          button.type = "button";
          button.className = "md-button";
          button.textContent = say("search.show_more");
          button.addEventListener("click", function () {
            button.disabled = true;
            show(query, results, from + count, number).then(function () {
              /* the button is gone: the keyboard goes on at the first of the results it added */
              var added = list.querySelectorAll(".kw-search__link")[from + count];
              if (added) added.focus();
            });
          });
          li.appendChild(button);
          list.appendChild(li);
        }
      });
    }

    /* A quoted phrase: Pagefind's phrase search tells which pages hold the phrase, but scores a page 1 when
       its text holds it, whatever its title, and 5 when only its title does, and orders pages of one score as
       it happens to have loaded them. Its ordinary search of the same words ranks by title, weights and
       length: the phrase's pages are put in that order (the words' index chunks are the same ones). */
    function find(query, options) {
      if (!/^\s*".+"\s*$/.test(query)) return pagefind.search(query, options);
      return Promise.all([pagefind.search(query, options), pagefind.search(query.replace(/"/g, " "), options)])
        .then(function (both) {
          var place = {};
          both[1].results.forEach(function (result, at) { place[result.id] = at; });
          var unranked = both[1].results.length;
          both[0].results.sort(function (a, b) {
            return (a.id in place ? place[a.id] : unranked) - (b.id in place ? place[b.id] : unranked);
          });
          return both[0];
        });
    }

    function search() {
      var query = input.value.trim();
      var number = ++asked;
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        root.removeAttribute("data-state");
        return;
      }
      root.setAttribute("data-state", "busy");
      load().then(function () {
        return find(query, { filters: chosenFilters() });
      }).then(function (found) {
        if (number !== asked) return null;  // a newer query is under way
        var n = found.results.length;
        return show(query, found.results, 0, number).then(function () {
          if (number !== asked) return;
          var line = n === 0 ? say("search.none", { q: query }) : n === 1 ? say("search.one", { q: query })
            : say("search.many", { n: String(n), q: query });
          if (n > FIRST) line += "; " + say("search.more", { n: String(FIRST) });
          status.textContent = line;
          root.setAttribute("data-count", String(n));
          root.setAttribute("data-state", "done");
          root.setAttribute("data-query", query);
        });
      }).catch(function () {
        if (number !== asked) return;
        status.textContent = say("search.failed");
        root.setAttribute("data-state", "failed");
      });
    }

    function schedule() {
      window.clearTimeout(timer);
      root.setAttribute("data-state", "busy");
      timer = window.setTimeout(search, DELAY);
    }

    function openDialog() {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      load().catch(function () { status.textContent = say("search.failed"); });
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a, button"));
    }

    function typing(target) {
      var tag = target && target.tagName;
      return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
    }

    open.hidden = false;
    open.addEventListener("click", openDialog);
    root.querySelector(".kw-search__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // a click on the backdrop
    });
    dialog.addEventListener("close", function () { open.focus(); });
    input.addEventListener("input", schedule);
    selects.forEach(function (select) {
      select.addEventListener("change", search);
      select.addEventListener("focus", fillFilters);
    });
    root.querySelector(".kw-search__filters").addEventListener("pointerenter", fillFilters);
    root.querySelector(".kw-search__form").addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      search();
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var all = links();
      if (!all.length) return;
      var at = all.indexOf(document.activeElement);
      if (document.activeElement === input) {
        if (event.key === "ArrowUp") return;
        all[0].focus();
      } else if (at >= 0) {
        if (event.key === "ArrowDown") all[Math.min(at + 1, all.length - 1)].focus();
        else if (at === 0) input.focus();
        else all[at - 1].focus();
      } else {
        return;
      }
      event.preventDefault();
    });

    document.addEventListener("keydown", function (event) {
      if (dialog.open || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key === "/" || event.key === "s" || event.key === "S") {
        event.preventDefault();
        openDialog();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
