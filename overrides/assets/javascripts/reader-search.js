/*
 * Township Reader search: substring search over every paragraph, in the browser.
 *
 * Why not Material's search: it matches word prefixes only, so 否决 is never found
 * inside 一票否决; its hits are heading sections, not paragraphs; and a Simplified query
 * never finds Traditional text (see PITFALLS.md). Here every heading and paragraph is a
 * document, a query matches anywhere inside words, text and query are folded to
 * Simplified with OpenCC's character table (shipped in the index), and each result
 * links to the paragraph's anchor with the match highlighted.
 *
 * The index is search/corpus.js, a script (a page opened from file:// may load a script,
 * but may not fetch JSON). It is loaded the first time the search box is used.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-tr-search]");
  var configElement = document.getElementById("__config");
  if (!root || !configElement) return;

  var input = root.querySelector("[data-tr-search-query]");
  var meta = root.querySelector("[data-tr-search-meta]");
  var list = root.querySelector("[data-tr-search-results]");
  var form = root.querySelector("form");
  var toggle = document.getElementById("__search");
  var config = JSON.parse(configElement.textContent);
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);

  function label(name, values) {
    var text = root.getAttribute("data-label-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("{" + key + "}", String(values[key]));
    });
    return text;
  }

  /* ---------------------------------------------------------------- index */

  var index = null;
  var loading = null;

  function loadIndex() {
    if (index) return Promise.resolve(index);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (window.__trSearchIndex) return resolve(prepare(window.__trSearchIndex));
      var script = document.createElement("script");
      script.src = new URL("search/corpus.js", base).href;
      script.onload = function () { resolve(prepare(window.__trSearchIndex)); };
      script.onerror = function () { loading = null; reject(new Error("index")); };
      document.head.appendChild(script);
    });
    return loading;
  }

  var FULL_WIDTH = /[\uff01-\uff5e]/g;

  function makeFolder(pairs) {
    var map = Object.create(null);
    var chars = Array.from(pairs);
    for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
    var keys = Object.keys(map).map(function (k) { return k.replace(/[\\\]^-]/g, "\\$&"); }).join("");
    var pattern = keys ? new RegExp("[" + keys + "]", "gu") : null;
    return function fold(text) {
      var folded = text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }).replace(FULL_WIDTH, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      });
      return pattern ? folded.replace(pattern, function (c) { return map[c]; }) : folded;
    };
  }

  // Punctuation and spaces do not count when matching: 上面千条线下面一根针 finds
  // 上面千条线、下面一根针. Digits, Latin letters and + . % * - stay ("4+4+2", "0.01分").
  var IGNORED = /[\s\u3000，。、；：！？“”‘’（）《》〈〉「」『』【】…—·,;:!?"'()\[\]{}<>|\/\\~]/g;

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

  function prepare(data) {
    var fold = makeFolder(data.fold || "");
    data.fold = fold;
    data.folded = data.docs.map(function (doc) { return squeeze(fold(doc[3])); });
    data.foldedTitles = data.pages.map(function (page) { return squeeze(fold(page[1])); });
    data.entries = (data.entries || []).map(function (entry) {
      entry.folded = fold([entry.term].concat(entry.forms || [], entry.keys || [], [entry.pinyin || "", entry.english || ""])
        .join("\u0001"));
      return entry;
    });
    index = data;
    return data;
  }

  /* ---------------------------------------------------------------- query */

  // Whitespace and punctuation separate query terms; + . % * stay inside them ("4+4+2").
  var SEPARATORS = /[\s\u3000，。、；：！？“”‘’（）《》〈〉「」『』【】…—·,;:!?"'()\[\]{}<>|/\\]+/u;

  function terms(query, fold) {
    var seen = Object.create(null);
    return fold(query).split(SEPARATORS).map(squeeze).filter(function (term) {
      if (!term || seen[term]) return false;
      seen[term] = true;
      return true;
    });
  }

  function count(haystack, needle) {
    var n = 0;
    for (var at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
    return n;
  }

  var TYPE_WEIGHT = { p: 1, h: 2.5, t: 2 };

  function search(data, query) {
    var words = terms(query, data.fold);
    if (!words.length) return { words: words, pages: [], entries: [], paragraphs: 0 };
    var phrase = words.join("");
    var byPage = new Map();
    var folded = data.folded;
    var total = 0;
    for (var i = 0; i < folded.length; i++) {
      var text = folded[i];
      var score = 0;
      for (var w = 0; w < words.length; w++) {
        var n = count(text, words[w]);
        if (!n) { score = 0; break; }
        score += n * Math.min(words[w].length, 4);
      }
      if (!score) continue;
      var doc = data.docs[i];
      score *= TYPE_WEIGHT[doc[2]] || 1;
      if (words.length > 1 && text.indexOf(phrase) !== -1) score *= 1.5;
      total++;
      var hits = byPage.get(doc[0]);
      if (!hits) byPage.set(doc[0], hits = []);
      hits.push({ doc: i, score: score });
    }
    var pages = [];
    byPage.forEach(function (hits, page) {
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      var rest = 0;
      for (var k = 1; k < hits.length; k++) rest += hits[k].score;
      var title = data.foldedTitles[page];
      var inTitle = words.every(function (word) { return title.indexOf(word) !== -1; });
      pages.push({ page: page, hits: hits, score: hits[0].score + 0.5 * rest + (inTitle ? 10 : 0) });
    });
    pages.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    var entries = data.entries.filter(function (entry) {
      return words.every(function (word) { return entry.folded.indexOf(word) !== -1; });
    });
    return { words: words, pages: pages, entries: entries, paragraphs: total };
  }

  /* --------------------------------------------------------------- render */

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Where the words occur in ``haystack`` (``text`` squeezed, perhaps folded), as [start, end)
  // ranges of ``text`` itself, in order.
  function markRanges(text, haystack, words) {
    var map = squeezeMap(text);
    var marks = [];
    words.forEach(function (word) {
      for (var at = haystack.indexOf(word); at !== -1; at = haystack.indexOf(word, at + word.length)) {
        marks.push([map[at], map[at + word.length - 1] + 1]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    return marks;
  }

  // The original text with every occurrence of the words marked. Folding keeps one character
  // per character; squeezing drops punctuation, so positions go back through squeezeMap.
  function highlight(text, foldedText, words, limit) {
    var marks = markRanges(text, foldedText, words);
    var start = 0;
    var end = text.length;
    if (limit && text.length > limit && marks.length) {
      start = Math.max(0, marks[0][0] - Math.floor(limit / 3));
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

  function resultLink(data, docIndex, query) {
    var doc = data.docs[docIndex];
    var url = new URL(data.pages[doc[0]][0], base);
    url.searchParams.set("h", query);
    url.hash = doc[1];
    return url.href;
  }

  var PER_PAGE = 3;
  var MAX_PAGES = 50;

  function render(data, query, result) {
    list.innerHTML = "";
    if (!result.words.length) {
      meta.textContent = label("placeholder");
      return;
    }
    if (!result.pages.length && !result.entries.length) {
      meta.textContent = label("none");
      return;
    }
    meta.textContent = label("count", { texts: result.pages.length, paragraphs: result.paragraphs });
    var html = "";
    result.entries.slice(0, 5).forEach(function (entry) {
      html += '<li class="md-search-result__item tr-search-entry"><a class="md-search-result__link" tabindex="-1" href="' +
        escapeHtml(new URL(entry.url, base).href) + '"><article class="md-search-result__article md-typeset">' +
        "<h1>" + escapeHtml(entry.term) + ' <small lang="en">' + escapeHtml(entry.pinyin || "") + "</small></h1>" +
        "<p>" + escapeHtml(label("entries") + " · " + (entry.english || "")) + " — " + escapeHtml(entry.definition || "") +
        "</p></article></a></li>";
    });
    result.pages.slice(0, MAX_PAGES).forEach(function (hit) {
      var page = data.pages[hit.page];
      html += '<li class="md-search-result__item">';
      hit.hits.slice(0, PER_PAGE).forEach(function (h, n) {
        var doc = data.docs[h.doc];
        var section = doc[4] >= 0 && doc[4] !== h.doc ? data.docs[doc[4]][3] : "";
        html += '<a class="md-search-result__link" tabindex="-1" href="' + escapeHtml(resultLink(data, h.doc, query)) +
          '" data-tr-doc="' + escapeHtml(doc[1]) + '"><article class="md-search-result__article' +
          (n === 0 ? " md-search-result__article--document" : "") + ' md-typeset">' +
          (n === 0 ? '<div class="md-search-result__icon md-icon"></div><h1>' + escapeHtml(page[1]) + "</h1>" : "") +
          (section ? '<p class="tr-search-section">' + escapeHtml(section) + "</p>" : "") +
          "<p>" + highlight(doc[3], data.folded[h.doc], result.words, 120) + "</p></article></a>";
      });
      if (hit.hits.length > PER_PAGE) {
        html += '<p class="tr-search-more">' + escapeHtml(label("more", { n: hit.hits.length - PER_PAGE })) + "</p>";
      }
      html += "</li>";
    });
    list.innerHTML = html;
  }

  /* ------------------------------------------------- Pagefind (hosted, large) */

  // Above a few hundred texts one index is too large to load (README, "Search at scale"); a
  // hosted build then ships Pagefind's chunked index, which loads only what a query needs.
  // Pagefind cannot load from file://, so the offline site keeps the inline index.
  var usePagefind = root.getAttribute("data-backend") === "pagefind" && /^https?:$/.test(location.protocol);
  var pagefind = null;

  var queryFold = null;

  function loadPagefind() {
    if (!pagefind) {
      var fold = new Promise(function (resolve) {  // the other script's characters → this edition's
        var script = document.createElement("script");
        script.src = new URL("search/fold.js", base).href;
        script.onload = function () { queryFold = makeFolder(window.__trQueryFold || ""); resolve(); };
        script.onerror = function () { resolve(); };
        document.head.appendChild(script);
      });
      pagefind = Promise.all([import(new URL("pagefind/pagefind.js", base).href), fold]).then(function (loaded) {
        return loaded[0].options({ excerptLength: 40 }).then(function () { return loaded[0]; });
      });
    }
    return pagefind;
  }

  // Pagefind lists every element with an id and where it starts (in words); a hit belongs to
  // the last paragraph or heading that starts before it. Paragraphs holding the query as
  // written come first (Pagefind splits Chinese queries into characters), then the most hits.
  function paragraphHits(page, words) {
    var anchors = (page.anchors || []).filter(function (a) {
      return a.element === "p" || /^h[2-6]$/.test(a.element);
    }).sort(function (a, b) { return a.location - b.location; });
    var counts = Object.create(null);
    (page.locations || []).forEach(function (at) {
      var owner = null;
      for (var i = 0; i < anchors.length && anchors[i].location <= at; i++) owner = anchors[i];
      if (owner) counts[owner.id] = (counts[owner.id] || 0) + 1;
    });
    return anchors.filter(function (a) { return counts[a.id]; }).map(function (a) {
      var text = (a.text || "").replace(/\u2060?¶\s*$/, "");
      var whole = squeeze(text);
      var literal = words.every(function (w) { return whole.indexOf(w) !== -1; });
      return { id: a.id, text: text, score: (literal ? 1000 : 0) + counts[a.id] };
    }).sort(function (a, b) { return b.score - a.score; });
  }

  function markWords(text, words, limit) {
    var marks = markRanges(text, squeeze(text), words);
    var start = marks.length && text.length > limit ? Math.max(0, marks[0][0] - Math.floor(limit / 3)) : 0;
    var end = Math.min(text.length, start + limit);
    return markedHtml(text, marks, start, end);
  }

  function runPagefind(query, ticket) {
    loadPagefind().then(function (module) {
      if (queryFold) query = queryFold(query);
      return module.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, MAX_PAGES).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (ticket !== latest) return;
      var paragraphs = 0;
      var html = "";
      var words = query.split(SEPARATORS).map(squeeze).filter(Boolean);
      // the glossary's entries come first, as a dictionary card, as in the inline search
      var glossary = pages.filter(function (p) { return /\/glossary\//.test(p.url); });
      var texts = pages.filter(function (p) { return !/\/glossary\//.test(p.url); });
      glossary.forEach(function (page) {
        paragraphHits(page, words).filter(function (hit) { return !/^p-/.test(hit.id); }).slice(0, 3).forEach(function (hit) {
          var url = new URL(page.url, location.href);
          url.hash = hit.id;
          html += '<li class="md-search-result__item tr-search-entry"><a class="md-search-result__link" tabindex="-1" href="' +
            escapeHtml(url.href) + '"><article class="md-search-result__article md-typeset"><h1>' + escapeHtml(hit.text) +
            "</h1><p>" + escapeHtml(label("entries")) + "</p></article></a></li>";
        });
      });
      pages = texts;
      pages.forEach(function (page) {
        var hits = paragraphHits(page, words);
        paragraphs += hits.length;
        html += '<li class="md-search-result__item">';
        hits.slice(0, PER_PAGE).forEach(function (hit, n) {
          var url = new URL(page.url, location.href);
          url.searchParams.set("h", query);
          url.hash = hit.id;
          html += '<a class="md-search-result__link" tabindex="-1" href="' + escapeHtml(url.href) + '">' +
            '<article class="md-search-result__article' + (n === 0 ? " md-search-result__article--document" : "") +
            ' md-typeset">' + (n === 0 ? '<div class="md-search-result__icon md-icon"></div><h1>' +
            escapeHtml((page.meta && page.meta.title) || "") + "</h1>" : "") +
            "<p>" + markWords(hit.text, words, 120) + "</p></article></a>";
        });
        if (hits.length > PER_PAGE) {
          html += '<p class="tr-search-more">' + escapeHtml(label("more", { n: hits.length - PER_PAGE })) + "</p>";
        }
        html += "</li>";
      });
      list.innerHTML = html;
      meta.textContent = pages.length ? label("count", { texts: pages.length, paragraphs: paragraphs }) : label("none");
    }).catch(function () {
      meta.textContent = label("error");
    });
  }

  /* ------------------------------------------------------------ behaviour */

  var latest = 0;

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
      return runPagefind(query, ticket);
    }
    if (!index) meta.textContent = label("loading");
    loadIndex().then(function (data) {
      if (ticket !== latest) return;
      render(data, query, search(data, query));
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
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () {
    open();
    (usePagefind ? loadPagefind() : loadIndex()).catch(function () {});
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) location.href = first.href;
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

  // Where a query's words are in a text: [start, end] pairs in the text as written.
  function ranges(data, text, query) {
    return markRanges(text, squeeze(data.fold(text)), terms(query, data.fold));
  }

  // For reader.js, tests and other scripts on the page.
  window.trSearch = {
    backend: usePagefind ? "pagefind" : "inline",
    load: loadIndex,
    ranges: function (text, query) { return loadIndex().then(function (data) { return ranges(data, text, query); }); },
    query: function (query) {
      return loadIndex().then(function (data) {
        var result = search(data, query);
        return {
          entries: result.entries.map(function (e) { return e.url; }),
          pages: result.pages.map(function (p) {
            return { url: data.pages[p.page][0], title: data.pages[p.page][1], score: p.score,
                     anchors: p.hits.map(function (h) { return data.docs[h.doc][1]; }) };
          })
        };
      });
    }
  };
})();
