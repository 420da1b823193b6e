/* Palabre — a warning while typing, when a note seems to mention a complaint, an offence, a
   conviction, or health, religion, origin or sexual life (palabre/core/sensitive.py).

   Without JavaScript nothing changes: the server adds the same warning once the text is saved.
   With it, each textarea carrying « data-sensitive » (the patterns and the sentences, given by
   the server in the page's language) gets a polite warning under it, updated as one types. It
   never blocks anything: the form still saves. */
(function () {
  "use strict";

  // Lower case without accents; ``origin[i]`` is where folded character i comes from.
  function fold(text) {
    var folded = "";
    var origin = [];
    var position = 0;
    for (var ch of text) {
      var plain = ch.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
      folded += plain;
      for (var k = 0; k < plain.length; k += 1) { origin.push(position); }
      position += ch.length;
    }
    return { text: folded, origin: origin };
  }

  // [{label, words}] for each kind whose pattern matches, words as typed, each once.
  function find(text, kinds) {
    var folded = fold(text);
    var found = [];
    kinds.forEach(function (kind) {
      var pattern = new RegExp(kind.pattern, "g");
      var words = [];
      var seen = {};
      var match;
      while ((match = pattern.exec(folded.text)) !== null) {
        var start = folded.origin[match.index];
        var lastIndex = folded.origin[match.index + match[0].length - 1];
        var end = lastIndex + (text.codePointAt(lastIndex) > 0xffff ? 2 : 1);
        var word = text.slice(start, end);
        if (!seen[word.toLowerCase()]) {
          seen[word.toLowerCase()] = true;
          words.push(word);
        }
      }
      if (words.length) { found.push({ label: kind.label, words: words }); }
    });
    return found;
  }

  function message(found, data) {
    if (!found.length) { return ""; }
    var parts = found.map(function (item) {
      return item.label + " (" + item.words.map(function (w) {
        return data.quote.replace("%(word)s", w);
      }).join(", ") + ")";
    });
    return data.intro + " " + parts.join(" ; ") + ". " + data.reminder;
  }

  var api = { fold: fold, find: find, message: message };
  if (typeof module === "object" && module.exports) { module.exports = api; }
  if (typeof document === "undefined") { return; }

  document.querySelectorAll("textarea[data-sensitive]").forEach(function (box) {
    var data;
    try { data = JSON.parse(box.dataset.sensitive); } catch (error) { return; }
    var warning = document.createElement("div");
    warning.id = (box.id || "texte") + "_sensitive";
    warning.className = "alert alert-warning small mt-2 mb-0";
    warning.setAttribute("role", "status");
    warning.hidden = true;
    box.insertAdjacentElement("afterend", warning);
    var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(warning.id);
    box.setAttribute("aria-describedby", described.join(" "));

    var timer = null;
    function update() {
      var text = message(find(box.value, data.kinds), data);
      if (text !== warning.textContent) { warning.textContent = text; }
      warning.hidden = !text;
    }
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);
    });
    update();
  });
})();
