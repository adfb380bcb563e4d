/*
 * Township Reader: small behaviours of the reading page.
 * - the edition switch keeps the paragraph you are reading (#anchor);
 * - a search result's words are highlighted in the paragraph it opens (?h=…).
 * Everything here works from file:// and without network.
 */
(function () {
  "use strict";

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
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!query || !target || !window.trSearch) return;
    window.trSearch.load().then(function (data) {
      var words = data.fold(query).split(/[\s\u3000，。、；：！？,;:!?]+/).filter(Boolean);
      if (!words.length) return;
      var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) {
        if (!walker.currentNode.parentElement.closest(".tr-permalink, .headerlink")) nodes.push(walker.currentNode);
      }
      nodes.forEach(function (node) {
        var text = node.nodeValue;
        var folded = data.fold(text);
        var ranges = [];
        words.forEach(function (word) {
          for (var at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) ranges.push([at, at + word.length]);
        });
        if (!ranges.length) return;
        ranges.sort(function (a, b) { return a[0] - b[0]; });
        var fragment = document.createDocumentFragment();
        var pos = 0;
        ranges.forEach(function (range) {
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
