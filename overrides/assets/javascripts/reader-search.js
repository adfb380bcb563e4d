/*
 * Township Reader search: substring search over every paragraph, note and glossary entry, in the
 * browser.
 *
 * Why not Material's search: it matches word prefixes only, so 否决 is never found inside
 * 一票否决; its hits are heading sections, not paragraphs; and a Simplified query never finds
 * Traditional text (see PITFALLS.md). Here every heading and paragraph is a document, a query
 * matches anywhere inside words, text and query are folded alike to Simplified and to one form of
 * each variant (render/folding.py: OpenCC's character table and render/data/search-variants.yml,
 * shipped in the index), and each result links to the paragraph's anchor with the words
 * highlighted (?h=, reader.js).
 *
 * Two places show results: the dialog under the header's search box (the best paragraphs of each
 * text) and the results page, search.html?q=… (every paragraph, note and entry: a search has an
 * address, and the back button returns to it). Enter in the box opens the results page.
 *
 * The index is search/corpus.js, a script (a page opened from file:// may load a script, but may
 * not fetch JSON); it is loaded the first time search is used. search/fold.js, much smaller, holds
 * only the folding tables: a page that highlights words loads that, not the index.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("__config");
  if (!configElement) return;
  var root = document.querySelector("[data-tr-search]");
  var config = JSON.parse(configElement.textContent);
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var hant = document.documentElement.lang === "zh-Hant";

  function label(name, values) {
    var text = (root && root.getAttribute("data-label-" + name)) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function loadScript(path, global) {
    return new Promise(function (resolve, reject) {
      if (window[global]) return resolve(window[global]);
      var script = document.createElement("script");
      script.src = new URL(path, base).href;
      script.onload = function () { window[global] ? resolve(window[global]) : reject(new Error(path)); };
      script.onerror = function () { reject(new Error(path)); };
      document.head.appendChild(script);
    });
  }

  /* -------------------------------------------------------------- folding */

  var FULL_WIDTH = /[\uff01-\uff5e]/g;

  function charMap(pairs) {
    var map = Object.create(null);
    var chars = Array.from(pairs || "");
    for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
    return map;
  }

  function mapper(map) {
    var keys = Object.keys(map).map(function (k) { return k.replace(/[\\\]^-]/g, "\\$&"); }).join("");
    var pattern = keys ? new RegExp("[" + keys + "]", "gu") : null;
    return function (text) { return pattern ? text.replace(pattern, function (c) { return map[c]; }) : text; };
  }

  // One UTF-16 unit for one, always: highlighting maps folded offsets back to the text.
  function basicFold(text) {
    return text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }).replace(FULL_WIDTH, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  // The folding of one edition (render/folding.py says what each table is):
  //   text(t)     a text as the index folds it (a Traditional text's 著 also folds to 着)
  //   words(q)    a query's words, each folded in every spelling it may mean (著 in a query that may
  //               be Traditional: 着 and 著)
  function Folding(tables, traditional) {
    var foldMap = charMap(tables.fold);
    var fold = mapper(foldMap);
    var trad = mapper(charMap(traditional ? tables.traditional : ""));
    var alternatives = tables.alternatives || {};
    this.text = function (text) { return trad(fold(basicFold(text))); };
    this.words = function (query) {
      var maybeTraditional = traditional || Array.from(query).some(function (c) { return c in foldMap; });
      var seen = Object.create(null);
      var out = [];
      fold(basicFold(query)).split(SEPARATORS).forEach(function (word) {
        word = squeeze(word);
        if (!word || seen[word]) return;
        seen[word] = true;
        out.push(maybeTraditional ? spellings(word, alternatives) : [word]);
      });
      return out;
    };
  }

  function spellings(word, alternatives) {
    var out = [""];
    Array.from(word).forEach(function (c) {
      var options = alternatives[c] ? Array.from(alternatives[c]) : [c];
      var next = [];
      out.forEach(function (s) { options.forEach(function (o) { if (next.length < 16) next.push(s + o); }); });
      out = next;
    });
    return out;
  }

  // Punctuation and spaces do not count when matching: 上面千条线下面一根针 finds
  // 上面千条线、下面一根针. Digits, Latin letters and + . % * - stay ("4+4+2", "0.01分").
  var IGNORED = /[\s\u3000，。、；：！？“”‘’（）《》〈〉「」『』【】…—·,;:!?"'()\[\]{}<>|\/\\~]/g;
  // Whitespace and punctuation separate query terms; + . % * stay inside them ("4+4+2").
  var SEPARATORS = /[\s\u3000，。、；：！？“”‘’（）《》〈〉「」『』【】…—·,;:!?"'()\[\]{}<>|/\\]+/u;

  function squeeze(text) {
    return text.replace(IGNORED, "");
  }

  // Offsets of a squeezed string's characters in the original (for highlighting).
  function squeezeMap(text) {
    var map = [];
    for (var i = 0; i < text.length; i++) {
      IGNORED.lastIndex = 0;
      if (!IGNORED.test(text[i])) map.push(i);
    }
    return map;
  }

  function count(haystack, spellings) {
    var n = 0;
    spellings.forEach(function (needle) {
      for (var at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
    });
    return n;
  }

  function containsAll(haystack, words) {
    return words.every(function (spellings) {
      return spellings.some(function (s) { return haystack.indexOf(s) !== -1; });
    });
  }

  // Where the words occur in ``haystack`` (``text`` squeezed, perhaps folded), as [start, end)
  // ranges of ``text`` itself, in order, not overlapping.
  function markRanges(text, haystack, words) {
    var map = squeezeMap(text);
    var marks = [];
    words.forEach(function (spellings) {
      spellings.forEach(function (word) {
        for (var at = haystack.indexOf(word); at !== -1; at = haystack.indexOf(word, at + word.length)) {
          marks.push([map[at], map[at + word.length - 1] + 1]);
        }
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    marks.forEach(function (mark) {
      if (!out.length || mark[0] >= out[out.length - 1][1]) out.push(mark);
    });
    return out;
  }

  var folding = null;

  // The tables alone (search/fold.js), for a page that highlights words.
  function loadFolding() {
    if (!folding) {
      folding = loadScript("search/fold.js", "__trFold").then(function (tables) {
        return new Folding(tables, hant);
      });
      folding.catch(function () { folding = null; });
    }
    return folding;
  }

  /* ---------------------------------------------------------------- index */

  var index = null;
  var loading = null;

  function loadIndex() {
    if (index) return Promise.resolve(index);
    if (!loading) {
      loading = loadScript("search/corpus.js", "__trSearchIndex").then(prepare);
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function prepare(data) {
    var folder = new Folding(data, data.script === "zh-Hant");
    var fold = function (text) { return squeeze(folder.text(text)); };
    data.folding = folder;
    data.folded = data.docs.map(function (doc) { return fold(doc[3]); });
    data.foldedTitles = data.pages.map(function (page) { return fold(page[1]); });
    data.entries = (data.entries || []).map(function (entry) {
      entry.keysFolded = folder.text([entry.term].concat(entry.forms || [], entry.keys || [],
        [entry.pinyin || "", entry.english || ""]).join("\u0001"));
      entry.textFolded = fold(entry.text || "");
      return entry;
    });
    data.notesFolded = (data.notes || []).map(function (note) {
      return { quote: fold(note[3]), body: fold(note[2] + "\u0001" + note[4]) };
    });
    index = data;
    return data;
  }

  /* ---------------------------------------------------------------- query */

  var TYPE_WEIGHT = { p: 1, h: 2.5, t: 2 };

  // Ranking (the 凡例 page, #search, says it in words): a paragraph scores the times each word
  // occurs in it, a word counting up to four times its length in characters (a longer word is a
  // better clue), × 2.5 for a heading and × 2 for a title line, × 1.5 when the words stand
  // together as typed; a paragraph must hold every word. A text scores its best paragraph, plus
  // half of all its others (the text that uses the words most), plus 10 when its title holds every
  // word; ties go to the text, and within a text to the paragraph, that comes first.
  function search(data, query) {
    var words = data.folding.words(query);
    var result = { query: query, words: words, pages: [], entries: [], notes: [], paragraphs: 0 };
    if (!words.length) return result;
    var phrases = words.length > 1 ? spellings(words.map(function (w) { return w[0]; }).join(""), {}) : [];
    var byPage = new Map();
    var folded = data.folded;
    for (var i = 0; i < folded.length; i++) {
      var text = folded[i];
      var score = 0;
      for (var w = 0; w < words.length; w++) {
        var n = count(text, words[w]);
        if (!n) { score = 0; break; }
        score += n * Math.min(words[w][0].length, 4);
      }
      if (!score) continue;
      var doc = data.docs[i];
      score *= TYPE_WEIGHT[doc[2]] || 1;
      if (phrases.length && count(text, phrases)) score *= 1.5;
      result.paragraphs++;
      var hits = byPage.get(doc[0]);
      if (!hits) byPage.set(doc[0], hits = []);
      hits.push({ doc: i, score: score });
    }
    byPage.forEach(function (hits, page) {
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      var rest = 0;
      for (var k = 1; k < hits.length; k++) rest += hits[k].score;
      var inTitle = containsAll(data.foldedTitles[page], words);
      result.pages.push({ page: page, hits: hits, score: hits[0].score + 0.5 * rest + (inTitle ? 10 : 0) });
    });
    result.pages.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    // Glossary entries: by a form of the term, its pinyin or English (a dictionary card, first),
    // then by the words of their definition.
    data.entries.forEach(function (entry, n) {
      if (containsAll(entry.keysFolded, words)) result.entries.push({ entry: n, by: "term" });
    });
    data.entries.forEach(function (entry, n) {
      if (!containsAll(entry.keysFolded, words) && containsAll(entry.textFolded, words)) {
        result.entries.push({ entry: n, by: "definition" });
      }
    });
    // Editors' notes: by their words, their kind or the words they annotate; most hits first.
    data.notesFolded.forEach(function (note, n) {
      var haystack = note.quote + "\u0001" + note.body;
      if (!containsAll(haystack, words)) return;
      var score = words.reduce(function (sum, w) { return sum + count(haystack, w); }, 0);
      result.notes.push({ note: n, score: score });
    });
    result.notes.sort(function (a, b) { return b.score - a.score || a.note - b.note; });
    return result;
  }

  /* --------------------------------------------------------------- render */

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The original text with every occurrence of the words marked, cut to ``limit`` characters
  // around the first. Folding keeps one character per character; squeezing drops punctuation, so
  // positions go back through squeezeMap.
  function highlight(text, foldedText, words, limit) {
    var marks = markRanges(text, foldedText, words);
    var start = 0;
    var end = text.length;
    if (limit && text.length > limit) {
      start = marks.length ? Math.max(0, marks[0][0] - Math.floor(limit / 3)) : 0;
      end = Math.min(text.length, start + limit);
    }
    return markedHtml(text, marks, start, end);
  }

  // text[start:end] as HTML with the marks in <mark>, and … where it is cut.
  function markedHtml(text, marks, start, end) {
    var html = start > 0 ? "…" : "";
    var pos = start;
    marks.forEach(function (mark) {
      if (mark[0] < pos || mark[1] > end) return;
      html += escapeHtml(text.slice(pos, mark[0])) + "<mark>" + escapeHtml(text.slice(mark[0], mark[1])) + "</mark>";
      pos = mark[1];
    });
    return html + escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : "");
  }

  function withHighlight(path, query, anchor) {
    var url = new URL(path, base);
    if (query) url.searchParams.set("h", query);
    url.hash = anchor || "";
    return url.href;
  }

  function resultsPage(query, group) {
    var url = new URL("search.html", base);
    url.searchParams.set("q", query);
    if (group !== undefined) url.hash = "r-" + group;
    return url.href;
  }

  var LINK = 'class="md-search-result__link" tabindex="-1"';

  function entryItem(data, found, query) {
    var entry = data.entries[found.entry];
    var byTerm = found.by === "term";
    var body = byTerm ? escapeHtml((entry.english || "") + " — " + (entry.definition || ""))
      : highlight(entry.text || "", data.entries[found.entry].textFolded, data.folding.words(query), 90);
    return '<li class="md-search-result__item tr-search-entry"><a ' + LINK + ' data-tr-kind="entry" href="' +
      escapeHtml(withHighlight(entry.url.split("#")[0], byTerm ? "" : query, entry.url.split("#")[1])) + '">' +
      '<article class="md-search-result__article md-typeset"><p class="tr-search-kind">' +
      escapeHtml(label(byTerm ? "kind-entry" : "kind-definition")) + "</p><h1>" + escapeHtml(entry.term) +
      ' <small lang="zh-Latn-pinyin">' + escapeHtml(entry.pinyin || "") + "</small></h1><p>" + body +
      "</p></article></a></li>";
  }

  function noteItem(data, found, words, query) {
    var note = data.notes[found.note];
    var page = data.pages[note[0]];
    return '<li class="md-search-result__item tr-search-note"><a ' + LINK + ' data-tr-kind="note" href="' +
      escapeHtml(withHighlight(page[0], query, note[1])) + '"><article class="md-search-result__article md-typeset">' +
      '<p class="tr-search-kind">' + escapeHtml(label("kind-note", { kind: note[2] })) + "</p>" +
      "<h1>" + escapeHtml(page[1]) + "</h1>" +
      '<p class="tr-search-section">“' + escapeHtml(note[3]) + "”</p>" +
      "<p>" + highlight(note[4], squeeze(data.folding.text(note[4])), words, 120) + "</p></article></a></li>";
  }

  function paragraphLink(data, h, n, words, query) {
    var doc = data.docs[h.doc];
    var page = data.pages[doc[0]];
    var section = doc[4] >= 0 && doc[4] !== h.doc ? data.docs[doc[4]][3] : "";
    return "<a " + LINK + ' data-tr-kind="paragraph" href="' + escapeHtml(withHighlight(page[0], query, doc[1])) +
      '" data-tr-doc="' + escapeHtml(doc[1]) + '"><article class="md-search-result__article' +
      (n === 0 ? " md-search-result__article--document" : "") + ' md-typeset">' +
      (n === 0 ? '<div class="md-search-result__icon md-icon"></div><h1>' + escapeHtml(page[1]) + "</h1>" : "") +
      (section || doc[5] ? '<p class="tr-search-section">' + (doc[5] ? "§" + escapeHtml(doc[5]) + " " : "") +
        escapeHtml(section) + "</p>" : "") +
      "<p>" + highlight(doc[3], data.folded[h.doc], words, 120) + "</p></article></a>";
  }

  function status(result) {
    var parts = [];
    if (result.entries.length) parts.push(label("count-entries", { n: result.entries.length }));
    if (result.pages.length) parts.push(label("count-paragraphs", { texts: result.pages.length, n: result.paragraphs }));
    if (result.notes.length) parts.push(label("count-notes", { n: result.notes.length }));
    return parts.length ? label("found", { what: parts.join(label("and")) }) : label("none");
  }

  var PER_PAGE = 3;  // paragraphs of each text in the dialog, and before "show the others" on the page
  var DIALOG_TEXTS = 20;
  var DIALOG_NOTES = 3;
  var DIALOG_ENTRIES = 5;  // found by their term
  var DIALOG_DEFINITIONS = 2;  // found by words of their definition

  function renderDialog(data, result) {
    var query = result.query;
    var words = result.words;
    var html = "";
    var shown = result.entries.length + result.notes.length + result.paragraphs;
    var byTerm = result.entries.filter(function (found) { return found.by === "term"; }).slice(0, DIALOG_ENTRIES);
    var byDefinition = result.entries.filter(function (found) { return found.by !== "term"; }).slice(0, DIALOG_DEFINITIONS);
    byTerm.forEach(function (found) { html += entryItem(data, found, query); });
    result.pages.slice(0, DIALOG_TEXTS).forEach(function (hit, group) {
      html += '<li class="md-search-result__item">';
      hit.hits.slice(0, PER_PAGE).forEach(function (h, n) { html += paragraphLink(data, h, n, words, query); });
      if (hit.hits.length > PER_PAGE) {
        html += '<a class="tr-search-more" href="' + escapeHtml(resultsPage(query, group)) + '">' +
          escapeHtml(label("more", { n: hit.hits.length - PER_PAGE })) + "</a>";
      }
      html += "</li>";
    });
    result.notes.slice(0, DIALOG_NOTES).forEach(function (found) { html += noteItem(data, found, words, query); });
    byDefinition.forEach(function (found) { html += entryItem(data, found, query); });
    var hidden = shown - byTerm.length - byDefinition.length - Math.min(result.notes.length, DIALOG_NOTES) -
      result.pages.slice(0, DIALOG_TEXTS).reduce(function (sum, p) { return sum + Math.min(p.hits.length, PER_PAGE); }, 0);
    if (shown) {
      html += '<li class="md-search-result__item tr-search-all"><a ' + LINK + ' href="' + escapeHtml(resultsPage(query)) +
        '">' + escapeHtml(hidden ? label("all-more", { n: hidden }) : label("all")) + "</a></li>";
    }
    return html;
  }

  /* ------------------------------------------------------- the results page */

  // Every result: the glossary's entries, each text with its best paragraphs and a button that
  // shows the others in place (in reading order), the notes.
  function renderPage(data, result, container) {
    var query = result.query;
    var words = result.words;
    var html = "";
    // Entries found by their term first (a dictionary card); those found only by words of their
    // definition after the texts and the notes: a reader searching a word wants its uses first.
    var byTerm = result.entries.filter(function (found) { return found.by === "term"; });
    var byDefinition = result.entries.filter(function (found) { return found.by !== "term"; });
    if (byTerm.length) {
      html += '<h2 id="r-entries">' + escapeHtml(label("section-entries")) + '</h2><ol class="md-search-result__list tr-search-page__list">';
      byTerm.forEach(function (found) { html += entryItem(data, found, query); });
      html += "</ol>";
    }
    if (result.pages.length) {
      html += '<h2 id="r-texts">' + escapeHtml(label("section-texts")) + '</h2><ol class="md-search-result__list tr-search-page__list">';
      result.pages.forEach(function (hit, group) {
        html += '<li class="md-search-result__item" id="r-' + group + '" data-tr-group="' + group + '">';
        hit.hits.slice(0, PER_PAGE).forEach(function (h, n) { html += paragraphLink(data, h, n, words, query); });
        if (hit.hits.length > PER_PAGE) {
          html += '<button type="button" class="tr-search-expand" aria-expanded="false" data-tr-expand="' + group + '">' +
            escapeHtml(label("expand", { n: hit.hits.length - PER_PAGE })) + "</button>" +
            '<div class="tr-search-rest" hidden></div>';
        }
        html += "</li>";
      });
      html += "</ol>";
    }
    if (result.notes.length) {
      html += '<h2 id="r-notes">' + escapeHtml(label("section-notes")) + '</h2><ol class="md-search-result__list tr-search-page__list">';
      result.notes.forEach(function (found) { html += noteItem(data, found, words, query); });
      html += "</ol>";
    }
    if (byDefinition.length) {
      html += '<h2 id="r-definitions">' + escapeHtml(label("section-definitions")) + '</h2><ol class="md-search-result__list tr-search-page__list">';
      byDefinition.forEach(function (found) { html += entryItem(data, found, query); });
      html += "</ol>";
    }
    container.innerHTML = html;
    container.querySelectorAll("a.md-search-result__link").forEach(function (a) { a.removeAttribute("tabindex"); });
  }

  function expandGroup(data, result, button) {
    var group = Number(button.getAttribute("data-tr-expand"));
    var rest = button.nextElementSibling;
    var open = button.getAttribute("aria-expanded") === "true";
    if (!rest.childElementCount) {
      var others = result.pages[group].hits.slice(PER_PAGE).slice().sort(function (a, b) { return a.doc - b.doc; });
      var html = '<p class="tr-search-rest__note">' + escapeHtml(label("in-order")) + "</p>";
      others.forEach(function (h) { html += paragraphLink(data, h, 1, result.words, result.query); });
      rest.innerHTML = html;
    }
    rest.hidden = open;
    button.setAttribute("aria-expanded", String(!open));
    button.textContent = open ? label("expand", { n: result.pages[group].hits.length - PER_PAGE }) : label("collapse");
  }

  function searchPage() {
    var page = document.querySelector("[data-tr-search-page]");
    if (!page) return;
    var input = page.querySelector("[data-tr-search-page-query]");
    var statusLine = page.querySelector("[data-tr-search-page-status]");
    var container = page.querySelector("[data-tr-search-page-results]");
    var params = new URLSearchParams(location.search);
    var current = null;
    input.value = params.get("q") || "";
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";

    function show(query, restore) {
      if (!query.trim()) {
        container.innerHTML = "";
        statusLine.textContent = label("placeholder");
        return Promise.resolve();
      }
      statusLine.textContent = label("loading");
      var run = usePagefind ? pagefindResults(query) : loadIndex().then(function (data) {
        var result = search(data, query);
        current = { data: data, result: result };
        statusLine.textContent = status(result);
        renderPage(data, result, container);
      });
      return run.then(function () {
        var group = /^#r-(\d+)$/.exec(location.hash);
        if (group && current) {
          var button = container.querySelector('[data-tr-expand="' + group[1] + '"]');
          if (button && button.getAttribute("aria-expanded") !== "true") expandGroup(current.data, current.result, button);
        }
        (history.state && history.state.expanded || []).forEach(function (g) {
          var button = container.querySelector('[data-tr-expand="' + g + '"]');
          if (button && current && button.getAttribute("aria-expanded") !== "true") expandGroup(current.data, current.result, button);
        });
        if (restore && history.state && typeof history.state.scroll === "number") {
          window.scrollTo(0, history.state.scroll);
        } else if (group) {
          var target = document.getElementById("r-" + group[1]);
          if (target) target.scrollIntoView();
        }
      }, function () {
        statusLine.textContent = label("error");
      });
    }

    function pagefindResults(query) {
      return runPagefind(query, ++latest).then(function (out) {
        if (!out) return;
        statusLine.textContent = out.status;
        container.innerHTML = '<ol class="md-search-result__list tr-search-page__list">' + out.html + "</ol>";
        container.querySelectorAll("a.md-search-result__link").forEach(function (a) { a.removeAttribute("tabindex"); });
      });
    }

    function remember() {
      var expanded = Array.prototype.map.call(container.querySelectorAll('[data-tr-expand][aria-expanded="true"]'),
        function (b) { return b.getAttribute("data-tr-expand"); });
      history.replaceState({ scroll: window.scrollY, expanded: expanded }, "", location.href);
    }

    container.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tr-expand]");
      if (button && current) {
        expandGroup(current.data, current.result, button);
        remember();
      } else if (event.target.closest("a")) {
        remember();
      }
    });
    window.addEventListener("pagehide", remember);

    // Typing updates the results and the address (one history entry per search: the form's
    // submit adds one, typing replaces it).
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(location.href);
        url.searchParams.set("q", input.value);
        url.hash = "";
        history.replaceState(null, "", url.href);
        show(input.value, false);
      }, 150);
    });

    show(input.value, true);
    window.trSearchPage = { ready: function () { return show(input.value, false); } };
  }

  /* ------------------------------------------------- Pagefind (hosted, large) */

  // Above a few hundred texts one index is too large to load (README, "Search at scale"); a
  // hosted build then ships Pagefind's chunked index, which loads only what a query needs.
  // Pagefind cannot load from file://, so the offline site keeps the inline index. Pagefind
  // indexes the pages as they are (its snippets are shown as it returns them); the query is
  // folded into the edition's script and standard forms and searched in every spelling the
  // edition's texts may use (render/folding.py).
  var usePagefind = !!root && root.getAttribute("data-backend") === "pagefind" && /^https?:$/.test(location.protocol);
  var pagefind = null;
  var editionFolding = null;

  function loadPagefind() {
    if (!pagefind) {
      var fold = loadScript("search/fold.js", "__trFold").then(function (tables) {
        var foldMap = charMap(tables.fold);
        var toEdition = mapper(charMap(tables.edition || tables.fold));
        editionFolding = function (query) {
          var maybeTraditional = hant || Array.from(query).some(function (c) { return c in foldMap; });
          var alternatives = maybeTraditional || hant ? tables.editionAlternatives || {} : {};
          return toEdition(basicFold(query)).split(SEPARATORS).map(squeeze).filter(Boolean).map(function (word) {
            return spellings(word, alternatives);
          });
        };
      }, function () {
        editionFolding = function (query) { return query.split(SEPARATORS).map(squeeze).filter(Boolean).map(function (w) { return [w]; }); };
      });
      pagefind = Promise.all([import(new URL("pagefind/pagefind.js", base).href), fold]).then(function (loaded) {
        return loaded[0].options({ excerptLength: 40 }).then(function () { return loaded[0]; });
      });
    }
    return pagefind;
  }

  // Pagefind lists every element with an id and where it starts (in words); a hit belongs to
  // the last paragraph, heading or note that starts before it. Paragraphs holding the query as
  // written come first (Pagefind splits Chinese queries into characters), then the most hits.
  function paragraphHits(page, words) {
    var anchors = (page.anchors || []).filter(function (a) {
      return a.element === "p" || /^h[2-6]$/.test(a.element) || (a.element === "li" && /^note-/.test(a.id));
    }).sort(function (a, b) { return a.location - b.location; });
    var counts = Object.create(null);
    (page.locations || []).forEach(function (at) {
      var owner = null;
      for (var i = 0; i < anchors.length && anchors[i].location <= at; i++) owner = anchors[i];
      if (owner) counts[owner.id] = (counts[owner.id] || 0) + 1;
    });
    return anchors.filter(function (a) { return counts[a.id]; }).map(function (a) {
      var text = (a.text || "").replace(/\u2060?¶\s*$/, "");
      var literal = containsAll(squeeze(text), words);
      return { id: a.id, text: text, note: a.element === "li", score: (literal ? 1000 : 0) + counts[a.id] };
    }).sort(function (a, b) { return b.score - a.score; });
  }

  function markWords(text, words, limit) {
    var marks = markRanges(text, squeeze(text), words);
    var start = marks.length && text.length > limit ? Math.max(0, marks[0][0] - Math.floor(limit / 3)) : 0;
    var end = Math.min(text.length, start + limit);
    return markedHtml(text, marks, start, end);
  }

  // Every spelling of the query searched (at most 8), the pages merged: a page's hits are all
  // its spellings' hits, its rank the best of them.
  function pagefindSearch(module, words) {
    var variants = [[]];
    words.forEach(function (spellings) {
      var next = [];
      variants.forEach(function (v) { spellings.forEach(function (s) { if (next.length < 8) next.push(v.concat([s])); }); });
      variants = next;
    });
    return Promise.all(variants.map(function (v) { return module.search(v.join(" ")); })).then(function (all) {
      var found = [];
      all.forEach(function (search) { found = found.concat(search.results.slice(0, MAX_PAGES)); });
      return Promise.all(found.map(function (r) { return r.data().then(function (d) { return { id: r.id, score: r.score, data: d }; }); }));
    }).then(function (found) {
      var byId = new Map();
      found.forEach(function (f) {
        var mine = byId.get(f.id);
        if (!mine) {
          byId.set(f.id, { score: f.score, data: Object.assign({}, f.data, { locations: (f.data.locations || []).slice() }) });
        } else {
          mine.score = Math.max(mine.score, f.score);
          (f.data.locations || []).forEach(function (at) { if (mine.data.locations.indexOf(at) === -1) mine.data.locations.push(at); });
        }
      });
      return Array.from(byId.values()).sort(function (a, b) { return b.score - a.score; }).slice(0, MAX_PAGES)
        .map(function (page) { page.data.locations.sort(function (a, b) { return a - b; }); return page.data; });
    });
  }

  var MAX_PAGES = 50;

  function runPagefind(query, ticket) {
    return loadPagefind().then(function (module) {
      return pagefindSearch(module, editionFolding(query)).then(function (pages) { return [pages, editionFolding(query)]; });
    }).then(function (loaded) {
      if (ticket !== latest) return null;
      var pages = loaded[0];
      var words = loaded[1];
      var paragraphs = 0;
      var notes = 0;
      var entries = 0;
      var html = "";
      var notesHtml = "";
      // the glossary's entries come first, as a dictionary card, as in the inline search
      pages.filter(function (p) { return /\/glossary\//.test(p.url); }).forEach(function (page) {
        paragraphHits(page, words).filter(function (hit) { return !/^p-/.test(hit.id); }).forEach(function (hit) {
          var url = new URL(page.url, location.href);
          url.searchParams.set("h", query);
          url.hash = hit.id;
          entries++;
          html += '<li class="md-search-result__item tr-search-entry"><a ' + LINK + ' data-tr-kind="entry" href="' +
            escapeHtml(url.href) + '"><article class="md-search-result__article md-typeset"><p class="tr-search-kind">' +
            escapeHtml(label("kind-entry")) + "</p><h1>" + escapeHtml(hit.text) + "</h1></article></a></li>";
        });
      });
      var texts = pages.filter(function (p) { return !/\/glossary\//.test(p.url); });
      var textCount = 0;
      texts.forEach(function (page) {
        var hits = paragraphHits(page, words);
        var found = hits.filter(function (hit) { return !hit.note; });
        paragraphs += found.length;
        if (found.length) textCount++;
        html += '<li class="md-search-result__item">';
        found.forEach(function (hit, n) {
          var url = new URL(page.url, location.href);
          url.searchParams.set("h", query);
          url.hash = hit.id;
          html += "<a " + LINK + ' data-tr-kind="paragraph" href="' + escapeHtml(url.href) + '">' +
            '<article class="md-search-result__article' + (n === 0 ? " md-search-result__article--document" : "") +
            ' md-typeset">' + (n === 0 ? '<div class="md-search-result__icon md-icon"></div><h1>' +
            escapeHtml((page.meta && page.meta.title) || "") + "</h1>" : "") +
            "<p>" + markWords(hit.text, words, 120) + "</p></article></a>";
        });
        html += "</li>";
        hits.filter(function (hit) { return hit.note; }).forEach(function (hit) {
          var url = new URL(page.url, location.href);
          url.searchParams.set("h", query);
          url.hash = hit.id;
          notes++;
          notesHtml += '<li class="md-search-result__item tr-search-note"><a ' + LINK + ' data-tr-kind="note" href="' +
            escapeHtml(url.href) + '"><article class="md-search-result__article md-typeset"><p class="tr-search-kind">' +
            escapeHtml(label("kind-notes")) + "</p><h1>" +
            escapeHtml((page.meta && page.meta.title) || "") + "</h1><p>" + markWords(hit.text, words, 120) + "</p></article></a></li>";
        });
      });
      var result = { entries: { length: entries }, pages: { length: textCount }, paragraphs: paragraphs, notes: { length: notes } };
      return { html: html + notesHtml, status: status(result) };
    });
  }

  /* ------------------------------------------------------------ the dialog */

  var latest = 0;

  if (root) (function dialog() {
    var input = root.querySelector("[data-tr-search-query]");
    var meta = root.querySelector("[data-tr-search-meta]");
    var list = root.querySelector("[data-tr-search-results]");
    var form = root.querySelector("form");
    var toggle = document.getElementById("__search");

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) {
        list.innerHTML = "";
        meta.textContent = label("placeholder");
        return;
      }
      if (usePagefind) {
        meta.textContent = label("loading");
        return runPagefind(query, ticket).then(function (out) {
          if (!out) return;
          list.innerHTML = out.html + '<li class="md-search-result__item tr-search-all"><a ' + LINK + ' href="' +
            escapeHtml(resultsPage(query)) + '">' + escapeHtml(label("all")) + "</a></li>";
          meta.textContent = out.status;
        }, function () { meta.textContent = label("error"); });
      }
      if (!index) meta.textContent = label("loading");
      loadIndex().then(function (data) {
        if (ticket !== latest) return;
        var result = search(data, query);
        meta.textContent = status(result);
        list.innerHTML = renderDialog(data, result);
      }, function () {
        meta.textContent = label("error");
      });
    }

    function open() {
      if (toggle && !toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
    }

    function close() {
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
      input.blur();
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link, a.tr-search-more"));
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () {
      open();
      (usePagefind ? loadPagefind() : loadIndex()).catch(function () {});
    });
    // Enter: every result, on the results page (a search has an address).
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      if (query) location.href = resultsPage(query);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); }, 0);
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (!toggle.checked || document.activeElement === input) return;
        input.focus();
        // on small screens the field is revealed by a transition: try again once it is visible
        setTimeout(function () { if (toggle.checked) input.focus(); }, 50);
      });
    }

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = links()[0];
        if (first) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    list.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (at === -1) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var next = at + (event.key === "ArrowDown" ? 1 : -1);
        if (next < 0) input.focus();
        else if (next < all.length) all[next].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
      }
    });

    // Following a result on this very page changes only the hash: close the dialog.
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) setTimeout(close, 0);
    });

    // "/" or "s" opens search, as in Material.
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return;
      if (event.key === "/" || event.key === "s" || event.key === "S") {
        event.preventDefault();
        open();
        input.focus();
      }
    });
  })();

  /* ------------------------------------------------------------ for others */

  // Where a query's words are in a text: [start, end) ranges of the text as written. For reader.js
  // (the highlight on a page), with the folding tables only.
  function matcher(query) {
    return loadFolding().then(function (folder) {
      var words = folder.words(query);
      return function (text) { return words.length ? markRanges(text, squeeze(folder.text(text)), words) : []; };
    });
  }

  window.trSearch = {
    backend: usePagefind ? "pagefind" : "inline",
    load: loadIndex,
    matcher: matcher,
    ranges: function (text, query) { return matcher(query).then(function (find) { return find(text); }); },
    resultsPage: resultsPage,
    query: function (query) {
      return loadIndex().then(function (data) {
        var result = search(data, query);
        return {
          entries: result.entries.map(function (e) { return data.entries[e.entry].url; }),
          notes: result.notes.map(function (n) { return data.pages[data.notes[n.note][0]][0] + "#" + data.notes[n.note][1]; }),
          paragraphs: result.paragraphs,
          pages: result.pages.map(function (p) {
            return { url: data.pages[p.page][0], title: data.pages[p.page][1], score: p.score,
                     anchors: p.hits.map(function (h) { return data.docs[h.doc][1]; }) };
          })
        };
      });
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", searchPage);
  else searchPage();
})();
