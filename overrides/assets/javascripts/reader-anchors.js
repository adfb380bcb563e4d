// Old anchors land: a paragraph or heading whose anchor changed (a correction touched its first
// words) keeps its old one as an empty element just before it (class tr-alias, written by
// render/text_pages.py from seeds/anchors/). Without this script the browser scrolls there; with
// it the address moves on to the block's own anchor, so the block is highlighted as a link's
// target and a link copied from the address bar is the current one.
(function () {
  "use strict";

  function land() {
    if (!location.hash) return;
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return;
    }
    var alias = document.getElementById(id);
    if (!alias || !alias.classList.contains("tr-alias")) return;
    var block = alias.nextElementSibling;
    while (block && block.classList.contains("tr-alias")) block = block.nextElementSibling;
    if (block && block.id) location.replace("#" + encodeURIComponent(block.id));
  }

  window.addEventListener("hashchange", land);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", land);
  else land();
})();
