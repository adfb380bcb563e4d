/*
 * Township Reader: small behaviours of the reading page.
 * - tooltips for glossary terms (a.tr-term) and annotation markers (sup.tr-note-ref a):
 *   on mouse hover, on keyboard focus and on touch (first tap shows, second tap follows);
 * - the edition switch keeps the paragraph you are reading (#anchor);
 * - a search result's words are highlighted in the paragraph it opens (?h=…).
 * Everything here works from file:// and without network.
 */
(function () {
  "use strict";

  /* ------------------------------------------------------ copy link and cite */

  // A citation of a paragraph, after GB/T 7714-2015 for online resources:
  //   <title>[EB/OL]. <site>, <date>[<accessed>]. <this site>, 段落 <id>. <URL>
  // documented on the editorial conventions page (凡例, #citation).
  function citation(wrapper, id, url) {
    var hant = document.documentElement.lang === "zh-Hant";
    var today = new Date().toISOString().slice(0, 10);
    var date = wrapper.getAttribute("data-tr-date");
    return wrapper.getAttribute("data-tr-title") + "[EB/OL]. " + wrapper.getAttribute("data-tr-site") +
      (date ? ", " + date : "") + "[" + today + "]. " + wrapper.getAttribute("data-tr-site-name") +
      ", " + (hant ? "段落 " : "段落 ") + id + ". " + url;
  }

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
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
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
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (!ok) throw new Error("copy");
  }

  function addCiteButtons() {
    var wrapper = document.querySelector("[data-tr-text]");
    if (!wrapper) return;
    var hant = document.documentElement.lang === "zh-Hant";
    var labels = hant
      ? { copy: "複製連結", cite: "引用", copied: "已複製本段連結", cited: "已複製引文", failed: "無法複製，請手動複製" }
      : { copy: "复制链接", cite: "引用", copied: "已复制本段链接", cited: "已复制引文", failed: "无法复制，请手动复制" };
    wrapper.querySelectorAll("p[id] > a.tr-permalink").forEach(function (permalink) {
      var id = permalink.parentElement.id;
      ["copy", "cite"].forEach(function (action) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "tr-cite-button";
        button.setAttribute("data-action", action);
        button.textContent = labels[action];
        button.setAttribute("aria-label", labels[action] + "：" + id);
        permalink.after(button);
        permalink = button;
      });
    });
    wrapper.addEventListener("click", function (event) {
      var button = event.target.closest("button.tr-cite-button");
      if (!button) return;
      var id = button.parentElement.id;
      var url = location.href.split("#")[0].split("?")[0] + "#" + id;
      var action = button.getAttribute("data-action");
      var text = action === "copy" ? url : citation(wrapper, id, url);
      copy(text).then(function () {
        announce(action === "copy" ? labels.copied : labels.cited);
      }, function () {
        announce(labels.failed);
      });
      window.trLastCopied = text; // for tests and for readers' scripts
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addCiteButtons);
  else addCiteButtons();

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

  // Edition switch: carry the current #anchor to the same page in the other edition.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-tr-edition]");
    if (link && location.hash) {
      link.href = link.href.split("#")[0] + location.hash;
    }
  });

  // Highlight the words a search result was found by, in the paragraph it links to.
  function highlightFromQuery() {
    var query = new URLSearchParams(location.search).get("h");
    var target = location.hash ? document.getElementById(decodeFragment(location.hash.slice(1))) : null;
    if (!query || !target || !window.trSearch) return;
    // With Pagefind (large hosted sites) the inline index is not loaded for a highlight.
    if (window.trSearch.backend === "pagefind") return;
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest(".tr-permalink, .headerlink, .tr-cite-button")) nodes.push(walker.currentNode);
    }
    window.trSearch.load().then(function () {
      return Promise.all(nodes.map(function (node) { return window.trSearch.ranges(node.nodeValue, query); }));
    }).then(function (all) {
      nodes.forEach(function (node, n) {
        var text = node.nodeValue;
        var found = all[n];
        if (!found.length) return;
        var fragment = document.createDocumentFragment();
        var pos = 0;
        found.forEach(function (range) {
          if (range[0] < pos) return;
          fragment.appendChild(document.createTextNode(text.slice(pos, range[0])));
          var mark = document.createElement("mark");
          mark.className = "tr-hit";
          mark.textContent = text.slice(range[0], range[1]);
          fragment.appendChild(mark);
          pos = range[1];
        });
        fragment.appendChild(document.createTextNode(text.slice(pos)));
        node.parentNode.replaceChild(fragment, node);
      });
      target.classList.add("tr-target");
    }).catch(function () {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlightFromQuery);
  else highlightFromQuery();
})();
