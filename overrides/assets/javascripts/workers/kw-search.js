/* Ketenwijzer search worker: Material's own worker plus stemmed queries.
 *
 * Material turns every typed word into a prefix query ("verwijzingen*"), and
 * lunr never stems prefix queries, so with a stemmed index "verwijzingen"
 * would not find "verwijzen". This wrapper loads Material's worker (its file
 * name comes in the ?worker= parameter, set by the build) and then adds, for
 * every prefix term, the same term as an ordinary, stemmed term. A reader
 * who types a whole word gets every inflection; a half-typed word still
 * matches as a prefix.
 */
(function () {
  "use strict";
  var worker = new URL(self.location.href).searchParams.get("worker");
  importScripts(worker);
  var lunr = self.lunr;
  if (!lunr || !lunr.Index || lunr.Index.prototype.kwStemmed) {
    return;
  }
  var wildcard = lunr.Query.wildcard;
  var presence = lunr.Query.presence;
  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (build) {
    var index = this;
    var stems = [];  // [typed word, its stems]
    var results = query.call(this, function (q) {
      build.call(q, q);
      var clauses = q.clauses.slice();
      for (var i = 0; i < clauses.length; i++) {
        var clause = clauses[i];
        // lunr's parser keeps the "*" in the term and switches the pipeline off
        var term = String(clause.term);
        if (clause.usePipeline || !/[^*]\*$/.test(term) || term.indexOf("*") !== term.length - 1 ||
            clause.presence === presence.PROHIBITED) {
          continue;
        }
        var word = term.slice(0, -1);
        stems.push([word, index.pipeline.runString(word)]);
        // no editDistance key: lunr treats its mere presence as a fuzzy query
        q.clause({
          term: word,
          fields: clause.fields,
          boost: clause.boost,
          usePipeline: true,
          wildcard: wildcard.NONE,
          presence: presence.OPTIONAL
        });
      }
    });
    // Material lists a typed word as "missing" when no matched term starts with it;
    // a word found through its stem is not missing: name it among the matches
    // (without positions, so highlighting is unchanged)
    for (var r = 0; r < results.length; r++) {
      var metadata = results[r].matchData.metadata;
      for (var s = 0; s < stems.length; s++) {
        var word = stems[s][0];
        if (metadata[word]) {
          continue;
        }
        for (var k = 0; k < stems[s][1].length; k++) {
          if (metadata[stems[s][1][k]]) {
            metadata[word] = {};
            break;
          }
        }
      }
    }
    return results;
  };
  lunr.Index.prototype.kwStemmed = true;
})();
