/* Ketenwijzer: the referral finder filters its plain HTML tables in place.
   Without JavaScript every referral stays visible; with it, the choice is kept
   in the URL (?van=...&situatie=...) so a link to it can be shared. */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("kw-finder");
    if (!form) return;
    var from = form.querySelector("#kw-van");
    var topic = form.querySelector("#kw-situatie");
    var status = form.querySelector(".kw-finder__status");
    var empty = document.querySelector(".kw-finder__empty");
    var roles = JSON.parse(form.getAttribute("data-roles") || "{}");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-topic]"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("section.kw-referrals"));

    function known(select, value) {
      return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    }

    function matches(row, who, what) {
      if (what && row.getAttribute("data-topic") !== what) return false;
      if (!who) return true;
      var rowFrom = row.getAttribute("data-from");
      var rowOrg = row.getAttribute("data-from-org");
      if (roles[who]) {
        /* a role gets its own referrals and those of its whole organisation */
        return rowFrom === who || rowFrom === roles[who];
      }
      return rowOrg === who;
    }

    function apply(updateUrl) {
      var who = from.value, what = topic.value, shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row, who, what);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("tr[data-topic]:not([hidden])");
      });
      var phrase = form.getAttribute(shown === 1 ? "data-count-one" : "data-count") || form.getAttribute("data-count");
      status.textContent = phrase.replace("{n}", String(shown));
      if (empty) empty.hidden = shown !== 0;
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        if (who) params.set("van", who); else params.delete("van");
        if (what) params.set("situatie", what); else params.delete("situatie");
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
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
