/* Ketenwijzer: the referral finder picks the answer for a choice from the page's own HTML.
   Without JavaScript every referral and every lead organisation stays visible; with it,
   the choice is kept in the URL (?van=...&situatie=...) so a link to it can be shared,
   and it goes along when the reader switches language.

   The rule is the one of src/ketenwijzer/referral_answers.py, in the same order:
   1. direct: referrals by the chosen role or its organisation as a whole (for an
      organisation: by the organisation or any of its roles);
   2. same-organisation: for a role without its own, those of its organisation's other roles;
   3. the situation's lead organisation (its block says lead-organisation or contact).
   A browser test compares window.kwFinderAnswer with the Python rule for every choice. */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("kw-finder");
    if (!form) return;
    var from = form.querySelector("#kw-van");
    var topic = form.querySelector("#kw-situatie");
    var status = form.querySelector(".kw-finder__status");
    var roles = JSON.parse(form.getAttribute("data-roles") || "{}");
    var texts = JSON.parse(form.getAttribute("data-texts") || "{}");
    var sections = Array.prototype.slice.call(document.querySelectorAll("section.kw-referrals"));

    function rowsOf(section) {
      return Array.prototype.slice.call(section.querySelectorAll("tr[data-topic]"));
    }

    function sectionOf(what) {
      for (var i = 0; i < sections.length; i++) {
        if (sections[i].getAttribute("data-topic") === what) return sections[i];
      }
      return null;
    }

    /* The answer for a role or organisation id and a topic id: {tier, rows}. */
    function answer(who, what) {
      var section = sectionOf(what);
      if (!section) return { tier: "none", rows: [] };
      var rows = rowsOf(section);
      var lead = section.querySelector(".kw-leadorg");
      var leadTier = lead ? lead.getAttribute("data-tier") : "none";
      if (!who) return { tier: "all", rows: rows };
      var direct, same = [];
      if (roles[who]) {
        direct = rows.filter(function (row) {
          var rowFrom = row.getAttribute("data-from");
          return rowFrom === who || rowFrom === roles[who];
        });
        if (direct.length) return { tier: "direct", rows: direct };
        same = rows.filter(function (row) { return row.getAttribute("data-from-org") === roles[who]; });
        if (same.length) return { tier: "same-organisation", rows: same };
      } else {
        direct = rows.filter(function (row) { return row.getAttribute("data-from-org") === who; });
        if (direct.length) return { tier: "direct", rows: direct };
      }
      return { tier: leadTier, rows: [] };
    }

    window.kwFinderAnswer = function (who, what) {
      var result = answer(who, what);
      return {
        tier: result.tier,
        referrals: result.rows.map(function (row) { return row.id.replace(/^ref-/, ""); })
      };
    };

    function known(select, value) {
      return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    }

    function carryChoice(query) {
      /* the language switch and the alternate links lead to the same choice in the other language */
      document.querySelectorAll("a[hreflang]").forEach(function (link) {
        var url = new URL(link.getAttribute("href"), window.location.href);
        url.search = query ? "?" + query : "";
        link.setAttribute("href", url.pathname + url.search + url.hash);
      });
    }

    function apply(updateUrl) {
      var who = from.value, what = topic.value;
      var counts = { direct: 0, "same-organisation": 0, lead: 0 }, shown = 0, last = null;
      sections.forEach(function (section) {
        var id = section.getAttribute("data-topic");
        var inScope = !what || id === what;
        section.hidden = !inScope;
        if (!inScope) return;
        var result = answer(who, id);
        last = result;
        rowsOf(section).forEach(function (row) { row.hidden = result.rows.indexOf(row) < 0; });
        var table = section.querySelector("table");
        if (table) table.hidden = result.rows.length === 0;
        var lead = section.querySelector(".kw-leadorg");
        var leadShown = result.tier === "all" || result.tier === "lead-organisation" || result.tier === "contact";
        if (lead) lead.hidden = !leadShown;
        var label = section.querySelector(".kw-tier");
        if (label) {
          label.hidden = result.tier === "all";
          label.textContent = texts["tier." + result.tier] || "";
          label.setAttribute("data-tier", result.tier);
        }
        shown += result.rows.length;
        if (result.tier === "direct" || result.tier === "same-organisation") counts[result.tier] += 1;
        else if (result.tier !== "all") counts.lead += 1;
      });
      var message;
      if (what && last && (last.tier === "lead-organisation" || last.tier === "contact")) message = texts["status.lead"];
      else if (what && last && last.tier === "same-organisation") message = texts["status.same"] + " " +
        (shown === 1 ? texts["status.one"] : texts["status.many"].replace("{n}", String(shown)));
      else if (!what && who) message = texts["status.all"].replace("{n}", String(sections.length))
        .replace("{direct}", String(counts.direct)).replace("{same}", String(counts["same-organisation"]))
        .replace("{lead}", String(counts.lead));
      else message = shown === 1 ? texts["status.one"] : texts["status.many"].replace("{n}", String(shown));
      status.textContent = message;
      var params = new URLSearchParams(window.location.search);
      if (who) params.set("van", who); else params.delete("van");
      if (what) params.set("situatie", what); else params.delete("situatie");
      var query = params.toString();
      if (updateUrl) {
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
      carryChoice(query);
    }

    var params = new URLSearchParams(window.location.search);
    if (params.get("van") && known(from, params.get("van"))) from.value = params.get("van");
    if (params.get("situatie") && known(topic, params.get("situatie"))) topic.value = params.get("situatie");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    from.addEventListener("change", function () { apply(true); });
    topic.addEventListener("change", function () { apply(true); });
    apply(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
