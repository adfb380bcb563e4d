/*
 * Township Reader: small behaviours of the reading page.
 * - each numbered paragraph's actions: copy link, cite (a dialog that shows the citation in
 *   GB/T 7714-2015 and Chicago before copying it), copy text;
 * - copying a selection copies the author's words only: no ¶, buttons, note numbers, asides or
 *   invisible characters;
 * - tooltips for glossary terms (a.tr-term) and annotation markers (sup.tr-note-ref a):
 *   on mouse hover, on keyboard focus and on touch (first tap shows, second tap follows);
 * - words to find (?h=…, from a search result, a concordance line or a parallel passage) are
 *   highlighted on the page, the first one in the linked paragraph scrolled into view, and a
 *   control steps through them;
 * - the edition switch keeps the paragraph at the top of the window, and the highlight.
 * Everything here works from file:// and without network.
 */
(function () {
  "use strict";

  var hant = document.documentElement.lang === "zh-Hant";
  var WORDS = hant ? {
    copyLink: "複製連結", cite: "引用", copyText: "複製文字", copied: "已複製本段連結", textCopied: "已複製本段文字",
    cited: "已複製引文：", failed: "無法複製，請手動複製", paragraph: "本段", citeTitle: "引用本段",
    copy: "複製", close: "關閉", noUrl: "本站建置時沒有設定網址（site_url），引文中沒有網址：本機檔案的路徑不能用作引用。",
    formats: "引用格式說明", release: "版本", noRelease: "未標版本",
    found: "查找", previous: "上一處", next: "下一處", clear: "清除標示", of: " / "
  } : {
    copyLink: "复制链接", cite: "引用", copyText: "复制文字", copied: "已复制本段链接", textCopied: "已复制本段文字",
    cited: "已复制引文：", failed: "无法复制，请手动复制", paragraph: "本段", citeTitle: "引用本段",
    copy: "复制", close: "关闭", noUrl: "本站构建时没有设置网址（site_url），引文中没有网址：本地文件的路径不能用作引用。",
    formats: "引用格式说明", release: "版本", noRelease: "未标版本",
    found: "查找", previous: "上一处", next: "下一处", clear: "清除标示", of: " / "
  };

  /* ------------------------------------------------------------ status line */

  var status = null;

  function announce(message) {
    if (!status) {
      status = document.createElement("div");
      status.className = "tr-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = message;
    status.classList.add("tr-status--shown");
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { status.classList.remove("tr-status--shown"); }, 2500);
  }

  function copy(text) {
    window.trLastCopied = text; // for tests and for readers' scripts
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return Promise.resolve().then(function () { legacyCopy(text); });
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    copying = true;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    copying = false;
    document.body.removeChild(area);
    if (!ok) throw new Error("copy");
  }

  /* ------------------------------------------------------- the author's words */

  // What is not the author's (or the editors') words: the interface the site adds to the text.
  var INTERFACE = ".tr-permalink, .headerlink, .tr-actions, sup.tr-note-ref, .tr-parallels, .tr-tip, .tr-step, " +
    ".tr-gap__why, dl.tr-meta, .md-content__button, .tr-cite, script, style, template, button";
  var INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

  // A piece of the page as plain text: the interface removed, blocks on lines of their own, and
  // paragraphs apart by a blank line (as the browser's innerText lays them out).
  function plainText(fragment) {
    fragment.querySelectorAll(INTERFACE).forEach(function (el) { el.remove(); });
    var holder = document.createElement("div");
    holder.className = "md-typeset tr-copy-holder";
    holder.setAttribute("aria-hidden", "true");
    holder.appendChild(fragment);
    document.body.appendChild(holder);
    var text = holder.innerText;
    document.body.removeChild(holder);
    return text.replace(INVISIBLE, "").replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
  }

  var copying = false;

  // Copying a selection in the page's content copies the words only (Ctrl+C, the context menu).
  document.addEventListener("copy", function (event) {
    if (copying || !event.clipboardData) return;
    var selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    var content = document.querySelector("article.md-content__inner");
    var container = range.commonAncestorContainer;
    if (!content || !(content.contains(container) || container.contains(content))) return;
    if (container.nodeType === 1 && container.closest("input, textarea")) return;
    var fragment = range.cloneContents();
    var html = document.createElement("div");
    html.appendChild(fragment.cloneNode(true));
    html.querySelectorAll(INTERFACE).forEach(function (el) { el.remove(); });
    var text = plainText(fragment);
    event.clipboardData.setData("text/plain", text);
    event.clipboardData.setData("text/html", html.innerHTML.replace(INVISIBLE, ""));
    event.preventDefault();
    window.trLastCopied = text;
  });

  function paragraphText(paragraph) {
    var range = document.createRange();
    range.selectNodeContents(paragraph);
    return plainText(range.cloneContents());
  }

  /* ---------------------------------------------------- the paragraph actions */

  var citeData = null;

  function readCiteData() {
    if (citeData) return citeData;
    var block = document.getElementById("tr-cite-data");
    try { citeData = block ? JSON.parse(block.textContent) : null; } catch (err) { citeData = null; }
    return citeData;
  }

  // The address of a paragraph: on the hosted site (the configured site URL), wherever the page is
  // read; without one, where the page is.
  function paragraphUrl(id) {
    var data = readCiteData();
    var page = data && data.url ? data.url : location.href.split("#")[0].split("?")[0];
    return page + "#" + id;
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // A style's citation of one paragraph (render/citation.py made it, with these three left open).
  function citationText(style, paragraph) {
    return style.text.split("\u27e6n\u27e7").join(paragraph.getAttribute("data-n"))
      .split("\u27e6id\u27e7").join(paragraph.id).split("\u27e6accessed\u27e7").join(today());
  }

  var dialog = null;

  function citeDialog(paragraph) {
    var data = readCiteData();
    if (!data) return;
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "tr-cite md-typeset";
      dialog.setAttribute("aria-labelledby", "tr-cite-title");
      document.body.appendChild(dialog);
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) dialog.close();  // a click on the backdrop
      });
    }
    dialog.innerHTML = "";
    var head = document.createElement("div");
    head.className = "tr-cite__head";
    var title = document.createElement("h2");
    title.id = "tr-cite-title";
    title.textContent = WORDS.citeTitle + " §" + paragraph.getAttribute("data-n");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "tr-cite__close";
    close.textContent = WORDS.close;
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(title);
    head.appendChild(close);
    dialog.appendChild(head);
    if (!data.url) {
      var warning = document.createElement("p");
      warning.className = "tr-cite__warning";
      warning.textContent = WORDS.noUrl;
      dialog.appendChild(warning);
    }
    data.styles.forEach(function (style) {
      var section = document.createElement("section");
      section.className = "tr-cite__style";
      section.setAttribute("data-style", style.id);
      var name = document.createElement("h3");
      name.textContent = style.name;
      var text = document.createElement("p");
      text.className = "tr-cite__text";
      text.textContent = citationText(style, paragraph);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tr-cite__copy md-button";
      button.textContent = WORDS.copy;
      button.setAttribute("aria-label", WORDS.copy + " " + style.name);
      button.addEventListener("click", function () {
        copy(text.textContent).then(function () { announce(WORDS.cited + style.name); },
                                    function () { announce(WORDS.failed); });
      });
      section.appendChild(name);
      section.appendChild(text);
      section.appendChild(button);
      dialog.appendChild(section);
    });
    var more = document.createElement("p");
    more.className = "tr-cite__more";
    var link = document.createElement("a");
    link.href = new URL("fanli.html#citation", baseUrl()).href;
    link.textContent = WORDS.formats;
    more.appendChild(link);
    dialog.appendChild(more);
    dialog.showModal();
    dialog.querySelector(".tr-cite__copy").focus();
  }

  function baseUrl() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base.replace(/\/?$/, "/"), location.href);
    } catch (err) {
      return new URL(".", location.href);
    }
  }

  function addActions() {
    var wrapper = document.querySelector("[data-tr-text]");
    if (!wrapper) return;
    wrapper.querySelectorAll("p[data-n] > a.tr-permalink").forEach(function (permalink) {
      var paragraph = permalink.parentElement;
      var bar = document.createElement("span");
      bar.className = "tr-actions";
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-label", WORDS.paragraph + " §" + paragraph.getAttribute("data-n"));
      [["copy", WORDS.copyLink], ["cite", WORDS.cite], ["text", WORDS.copyText]].forEach(function (action) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "tr-cite-button";
        button.setAttribute("data-action", action[0]);
        button.textContent = action[1];
        bar.appendChild(button);
      });
      permalink.after(bar);
    });
    wrapper.addEventListener("click", function (event) {
      var button = event.target.closest("button.tr-cite-button");
      if (!button) return;
      var paragraph = button.closest("p[data-n]");
      var action = button.getAttribute("data-action");
      if (action === "cite") return citeDialog(paragraph);
      var text = action === "copy" ? paragraphUrl(paragraph.id) : paragraphText(paragraph);
      copy(text).then(function () {
        announce(action === "copy" ? WORDS.copied : WORDS.textCopied);
      }, function () {
        announce(WORDS.failed);
      });
    });
    // A tap on a paragraph (phones have no hover) shows its actions; a tap elsewhere hides them.
    document.addEventListener("click", function (event) {
      var paragraph = event.target.closest && event.target.closest("[data-tr-text] p[data-n]");
      document.querySelectorAll("p.tr-active").forEach(function (p) { if (p !== paragraph) p.classList.remove("tr-active"); });
      if (paragraph && !event.target.closest("a, button")) paragraph.classList.add("tr-active");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addActions);
  else addActions();

  /* ------------------------------------------------------------- tooltips */

  var TRIGGER = "a.tr-term, sup.tr-note-ref > a";
  var tip = null;
  var current = null;
  var hideTimer = 0;
  var showTimer = 0;
  var lastTouch = 0;

  function tipElement() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = "tr-tip";
    tip.className = "tr-tip md-typeset";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", function () { scheduleHide(); });
    document.body.appendChild(tip);
    return tip;
  }

  /* What each term's tooltip shows: the page's own JSON data block, written by the pipeline
     (glossary_pages.page_tooltips) for the terms this page uses. */
  var glossary = null;
  function glossaryData() {
    if (glossary) return glossary;
    glossary = {};
    document.querySelectorAll("script.tr-glossary-data").forEach(function (block) {
      try {
        var data = JSON.parse(block.textContent);
        Object.keys(data).forEach(function (key) { glossary[key] = data[key]; });
      } catch (err) { /* a broken block only costs its tooltips */ }
    });
    return glossary;
  }

  // A fragment as text: percent-escapes decoded, and one that is malformed (#%E0%A4%A, typed or
  // sent by anyone) left as it is, not thrown.
  function decodeFragment(fragment) {
    try {
      return decodeURIComponent(fragment);
    } catch (err) {
      return fragment;
    }
  }

  function entryId(link) {
    var href = link.getAttribute("href") || "";
    return decodeFragment(href.split("#")[1] || "");
  }

  function fill(link) {
    var el = tipElement();
    el.innerHTML = "";
    if (link.classList.contains("tr-term")) {
      var data = glossaryData()[entryId(link)];
      if (!data) return false;
      var head = document.createElement("p");
      head.className = "tr-tip__head";
      var term = document.createElement("strong");
      term.textContent = data[0];
      var pinyin = document.createElement("span");
      pinyin.className = "tr-tip__pinyin";
      pinyin.lang = "zh-Latn-pinyin";
      pinyin.textContent = data[1];
      head.appendChild(term);
      head.appendChild(document.createTextNode(" "));
      head.appendChild(pinyin);
      var english = document.createElement("p");
      english.className = "tr-tip__english";
      english.lang = "en";
      english.textContent = data[2];
      var nodes = [head, english];
      if (data[4]) {  /* an official rendering, with whose it is: kept apart from ours */
        var official = document.createElement("p");
        official.className = "tr-tip__official";
        var hant = document.documentElement.lang === "zh-Hant";
        official.appendChild(document.createTextNode(hant ? "官方英譯：" : "官方英译："));
        var words = document.createElement("span");
        words.lang = "en";
        words.textContent = data[4];
        official.appendChild(words);
        nodes.push(official);
      }
      var definition = document.createElement("p");
      definition.textContent = data[3];
      var more = document.createElement("a");
      more.className = "tr-tip__more";
      more.href = link.href;
      more.textContent = document.documentElement.lang === "zh-Hant" ? "查看詞條 →" : "查看词条 →";
      nodes.concat([definition, more]).forEach(function (node) { el.appendChild(node); });
      return true;
    }
    var note = document.getElementById(entryId(link));
    if (!note) return false;
    var kind = note.querySelector(".tr-note__kind");
    var body = note.querySelector(".tr-note__body");
    if (kind) {
      var label = document.createElement("p");
      label.className = "tr-tip__kind";
      label.textContent = kind.textContent;
      el.appendChild(label);
    }
    if (body) el.appendChild(body.cloneNode(true));
    return true;
  }

  function place(link) {
    var el = tipElement();
    var rect = link.getBoundingClientRect();
    el.style.left = "0px";
    el.style.top = "0px";
    var width = el.offsetWidth;
    var height = el.offsetHeight;
    var left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - 8);
    var below = rect.bottom + 8;
    var top = below + height > window.innerHeight && rect.top - height - 8 > 0 ? rect.top - height - 8 : below;
    el.style.left = left + window.scrollX + "px";
    el.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (current === link && !tipElement().hidden) return;
    if (current && current !== link) current.removeAttribute("aria-describedby");
    if (!fill(link)) return;
    current = link;
    tip.hidden = false;
    link.setAttribute("aria-describedby", "tr-tip");
    place(link);
  }

  function hide() {
    clearTimeout(showTimer);
    if (!tip || tip.hidden) return;
    tip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  document.addEventListener("mouseover", function (event) {
    var link = event.target.closest && event.target.closest(TRIGGER);
    if (!link || Date.now() - lastTouch < 800) return;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(link); }, 120);
  });
  document.addEventListener("mouseout", function (event) {
    var link = event.target.closest && event.target.closest(TRIGGER);
    if (!link) return;
    clearTimeout(showTimer);
    if (!tip || !tip.contains(event.relatedTarget)) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest(TRIGGER);
    if (link) show(link);
    else if (!tip || !tip.contains(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && tip && !tip.hidden) {
      hide();
    }
  });
  // Touch: the first tap on a term shows its tooltip; a second tap follows the link. (A tap
  // also focuses the link before its click, so remember whether the tooltip was open when the
  // finger came down.)
  var openAtTouch = null;
  document.addEventListener("touchstart", function (event) {
    lastTouch = Date.now();
    var link = event.target.closest && event.target.closest(TRIGGER);
    openAtTouch = link && current === link && tip && !tip.hidden ? link : null;
  }, { passive: true });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(TRIGGER);
    var touched = Date.now() - lastTouch < 800;
    if (link && touched && openAtTouch !== link) {
      event.preventDefault();
      show(link);
    } else if (!link && tip && !tip.hidden && !tip.contains(event.target)) {
      hide();
    }
  });
  window.addEventListener("resize", function () { if (current) place(current); });

  /* ------------------------------------------------------- words to find (?h=) */

  // What a search, a concordance line or a parallel passage links with ?h=: every occurrence on
  // the page is marked; the first one in the linked element (#anchor) is scrolled into view, not
  // the element's top; a control steps through them. Text is matched as the search matches it
  // (folded scripts and variants), across inline markup (a term's link, a note's highlight) and
  // past note numbers.
  var BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, dt, dd, td, th, figcaption, blockquote";
  var SKIP = ".tr-permalink, .headerlink, .tr-actions, sup.tr-note-ref, .tr-step, .tr-tip, script, style, button, .md-search";
  var hits = [];  // each occurrence: its <mark> elements
  var currentHit = -1;
  var stepper = null;

  function textBlocks(content) {
    var groups = new Map();
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var node = walker.currentNode;
      var parent = node.parentElement;
      if (!node.nodeValue || !parent || parent.closest(SKIP)) continue;
      var block = parent.closest(BLOCKS) || content;
      if (!groups.has(block)) groups.set(block, []);
      groups.get(block).push(node);
    }
    return groups;
  }

  // Marks [start, end) of the block's text (its nodes end to end), each occurrence in as many
  // <mark>s as nodes it spans.
  function markBlock(nodes, ranges) {
    var offsets = [];
    var at = 0;
    nodes.forEach(function (node) { offsets.push(at); at += node.nodeValue.length; });
    var found = [];
    ranges.slice().reverse().forEach(function (range) {
      var marks = [];
      for (var i = nodes.length - 1; i >= 0; i--) {
        var start = Math.max(range[0], offsets[i]);
        var end = Math.min(range[1], offsets[i] + nodes[i].nodeValue.length);
        if (start >= end) continue;
        var node = nodes[i];
        var tail = node.splitText(end - offsets[i]);
        var middle = node.splitText(start - offsets[i]);
        var mark = document.createElement("mark");
        mark.className = "tr-hit";
        middle.parentNode.insertBefore(mark, middle);
        mark.appendChild(middle);
        nodes[i] = node;  // what is before the mark stays this node; later ranges lie before it
        marks.unshift(mark);
        if (!tail.nodeValue) tail.remove();
      }
      if (marks.length) found.unshift(marks);
    });
    return found;
  }

  function visible(element) {
    var rect = element.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var bottom = window.innerHeight - (stepper ? stepper.offsetHeight + 16 : 0);
    return rect.top >= top && rect.bottom <= bottom;
  }

  function reveal(element) {
    if (visible(element)) return;
    var rect = element.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    window.scrollTo(0, window.scrollY + rect.top - top - (window.innerHeight - top) / 3);
  }

  function step(to, scroll) {
    if (!hits.length) return;
    if (currentHit >= 0) hits[currentHit].forEach(function (m) { m.classList.remove("tr-hit--current"); });
    currentHit = (to + hits.length) % hits.length;
    hits[currentHit].forEach(function (m) { m.classList.add("tr-hit--current"); });
    stepper.querySelector(".tr-step__count").textContent = (currentHit + 1) + WORDS.of + hits.length;
    if (scroll) reveal(hits[currentHit][0]);
  }

  function clearHits() {
    hits.forEach(function (marks) {
      marks.forEach(function (mark) {
        var parent = mark.parentNode;
        while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
        parent.removeChild(mark);
        parent.normalize();
      });
    });
    hits = [];
    currentHit = -1;
    if (stepper) stepper.remove();
    stepper = null;
    var url = new URL(location.href);
    url.searchParams.delete("h");
    history.replaceState(history.state, "", url.href);
  }

  function makeStepper(query) {
    stepper = document.createElement("div");
    stepper.className = "tr-step";
    stepper.setAttribute("role", "region");
    stepper.setAttribute("aria-label", WORDS.found + "：" + query);
    var words = document.createElement("span");
    words.className = "tr-step__words";
    words.textContent = query;
    var count = document.createElement("span");
    count.className = "tr-step__count";
    count.setAttribute("aria-live", "polite");
    stepper.appendChild(words);
    stepper.appendChild(count);
    [["previous", "↑", function () { step(currentHit - 1, true); }],
     ["next", "↓", function () { step(currentHit + 1, true); }],
     ["clear", "×", clearHits]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tr-step__" + b[0];
      button.textContent = b[1];
      button.title = WORDS[b[0]];
      button.setAttribute("aria-label", WORDS[b[0]]);
      button.addEventListener("click", b[2]);
      stepper.appendChild(button);
    });
    document.body.appendChild(stepper);
  }

  function targetElement() {
    return location.hash ? document.getElementById(decodeFragment(location.hash.slice(1))) : null;
  }

  // The occurrence to show first: the first in the linked element, or the first after it.
  function firstFor(target) {
    if (!target) return 0;
    for (var i = 0; i < hits.length; i++) {
      var mark = hits[i][0];
      if (target.contains(mark) || (target.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING)) return i;
    }
    return 0;
  }

  function keptPosition() {
    try {
      var kept = sessionStorage.getItem("trKeepPosition");
      sessionStorage.removeItem("trKeepPosition");
      return kept && location.hash && kept === decodeFragment(location.hash.slice(1));
    } catch (err) {
      return false;
    }
  }

  function highlightFromQuery() {
    var query = new URLSearchParams(location.search).get("h");
    var content = document.querySelector("article.md-content__inner");
    if (!query || !query.trim() || !content || !window.trSearch) return;
    var keep = keptPosition();
    window.trSearch.matcher(query).then(function (find) {
      textBlocks(content).forEach(function (nodes) {
        var text = nodes.map(function (n) { return n.nodeValue; }).join("");
        var ranges = find(text);
        if (ranges.length) hits = hits.concat(markBlock(nodes, ranges));
      });
      var target = targetElement();
      if (target) target.classList.add("tr-target");
      if (!hits.length) return;
      makeStepper(query);
      var land = function () {
        var first = firstFor(target);
        // From the edition switch: the paragraph stays where it was; elsewhere, the words come into view.
        step(first, !keep && (!target || target.contains(hits[first][0])));
        window.trHighlightReady = true;
      };
      if (document.readyState === "complete") requestAnimationFrame(land);
      else window.addEventListener("load", function () { requestAnimationFrame(land); });
    }).catch(function () {});
  }

  window.addEventListener("hashchange", function () {
    var target = targetElement();
    if (hits.length && target) step(firstFor(target), target.contains(hits[firstFor(target)][0]));
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlightFromQuery);
  else highlightFromQuery();

  /* --------------------------------------------------------- the edition switch */

  // The element at the top of the window: the first paragraph, heading, entry or note that is not
  // scrolled past (under the header). One whose last line or two only peek out under the header, or
  // out of the gap its scroll margin leaves above a followed anchor (as the one before the anchor
  // does), is scrolled past.
  function topElement() {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var candidates = document.querySelectorAll("article.md-content__inner [id]:is(p, h1, h2, h3, h4, h5, h6, li, dt, tr, th)");
    for (var i = 0; i < candidates.length; i++) {
      var rect = candidates[i].getBoundingClientRect();
      if (!rect.height || rect.bottom <= top + Math.min(48, rect.height / 2)) continue;
      var line = Math.max(top, parseFloat(getComputedStyle(candidates[i]).scrollMarginTop) || 0);
      if (rect.bottom > line + Math.min(48, rect.height / 2)) return candidates[i];
    }
    return null;
  }

  // The other edition's page, with the paragraph at the top of the window and what is searched or
  // highlighted (?q=, ?h=). At the very top of the page, the page's own anchor if it has one.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-tr-edition]");
    if (!link || link.getAttribute("aria-current") === "true") return;
    var element = window.scrollY > 0 ? topElement() : null;
    var anchor = element ? "#" + encodeURIComponent(element.id) : location.hash;
    link.href = link.href.split("#")[0].split("?")[0] + location.search + anchor;
    if (element) {
      try { sessionStorage.setItem("trKeepPosition", element.id); } catch (err) { /* the position is still carried */ }
    }
  });
})();
