/*
 * Township Reader: browsing the corpus.
 * - the glossary's index filters as one types (term in either script, pinyin without tones,
 *   English) and by category ([data-tr-gloss-filter]); without this script the whole list shows;
 * - a concordance sorts by its left or right context or by text, and shows one text's lines
 *   ([data-tr-kwic-tools] before an ol.tr-kwic);
 * - a printed page ends with its address and the date it was printed (the access date a
 *   citation needs).
 * Everything here works from file:// and without network.
 */
(function () {
  "use strict";

  /* ------------------------------------------------------------ glossary filter */

  // What a reader types, folded as the entries' keys are: lowercase, tone marks and spaces
  // dropped (yipiao, yī piào and "yi piao" all find 一票否决), ü as v.
  function fold(text) {
    return text.toLowerCase().replace(/[üǖǘǚǜ]/g, "v").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[\s'’-]+/g, "");
  }

  function setUpGlossaryFilter(form) {
    var list = document.querySelector("[data-tr-gloss-list]");
    if (!list) return;
    var query = form.querySelector("[data-tr-gloss-query]");
    var category = form.querySelector("[data-tr-gloss-category]");
    var count = form.querySelector("[data-tr-gloss-count]");
    var none = document.querySelector("[data-tr-gloss-none]");
    var items = Array.prototype.map.call(list.children, function (li) {
      return { li: li, key: fold(li.getAttribute("data-key") || ""), words: (li.getAttribute("data-key") || "").toLowerCase(), cat: li.getAttribute("data-cat") };
    });
    function apply() {
      var raw = query.value.trim().toLowerCase();
      var q = fold(raw);
      var cat = category.value;
      var shown = 0;
      items.forEach(function (item) {
        var ok = (!cat || item.cat === cat) && (!q || item.key.indexOf(q) !== -1 || item.words.indexOf(raw) !== -1);
        item.li.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = count.getAttribute("data-label").replace("{n}", shown);
      if (none) none.hidden = shown !== 0;
      var params = new URLSearchParams(location.search);
      if (raw) params.set("q", raw); else params.delete("q");
      if (cat) params.set("cat", cat); else params.delete("cat");
      var search = params.toString();
      try { history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash); } catch (e) { /* file:// in some browsers */ }
    }
    var params = new URLSearchParams(location.search);
    if (params.get("q")) query.value = params.get("q");
    if (params.get("cat")) category.value = params.get("cat");
    query.addEventListener("input", apply);
    category.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    if (query.value || category.value) apply();
  }

  /* -------------------------------------------------------- concordance tools */

  function setUpConcordance(tools) {
    var list = tools.nextElementSibling;
    while (list && !(list.matches && list.matches("ol.tr-kwic"))) list = list.nextElementSibling;
    if (!list) return;
    var sort = tools.querySelector("[data-tr-kwic-sort]");
    var text = tools.querySelector("[data-tr-kwic-text]");
    var lines = Array.prototype.slice.call(list.children);
    var collator = new Intl.Collator(document.documentElement.lang || "zh", { sensitivity: "base" });
    function apply() {
      var by = sort.value;
      var ordered = lines.slice().sort(function (a, b) {
        if (by === "left" || by === "right") {
          var key = by === "left" ? "data-l" : "data-r";
          var c = collator.compare(a.getAttribute(key), b.getAttribute(key));
          if (c) return c;
        }
        return Number(a.getAttribute("data-n")) - Number(b.getAttribute("data-n"));
      });
      ordered.forEach(function (li) {
        li.hidden = !!text.value && li.getAttribute("data-text") !== text.value;
        list.appendChild(li);
      });
    }
    sort.addEventListener("change", apply);
    text.addEventListener("change", apply);
    tools.hidden = false;
  }

  /* ------------------------------------------------------------------ printing */

  function printSource() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var line = article.querySelector(".tr-print-source");
    if (!line) {
      line = document.createElement("p");
      line.className = "tr-print-source";
      article.appendChild(line);
    }
    var hant = document.documentElement.lang === "zh-Hant";
    var today = new Date();
    var date = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" + String(today.getDate()).padStart(2, "0");
    line.textContent = (hant ? "網址：" : "网址：") + location.href.replace(/[?#].*$/, "") +
      (hant ? "　列印日期（引用日期）：" : "　打印日期（引用日期）：") + date;
  }

  function init() {
    var filter = document.querySelector("[data-tr-gloss-filter]");
    if (filter) setUpGlossaryFilter(filter);
    Array.prototype.forEach.call(document.querySelectorAll("[data-tr-kwic-tools]"), setUpConcordance);
    printSource();
    window.addEventListener("beforeprint", printSource);
  }

  // Loaded right after the page's content (overrides/main.html), not deferred: the content above
  // it is parsed, so the filter is ready as soon as this file and the stylesheets have arrived,
  // without waiting for Material's bundle (a slow phone). The mark is what the benchmark reads.
  init();
  if (window.performance && performance.mark) performance.mark("tr-corpus-ready");
})();
