// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Personal fragments (account menu, greeting) are fetched apart so the page itself can be
  // cached and shared by everyone. The page already holds what a visitor gets, so a visitor's
  // menu is left untouched; a member's replaces only the inside of a box that keeps its size.
  document.querySelectorAll("[data-fragment]").forEach(function (slot) {
    fetch(slot.dataset.fragment, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.status !== 200) return null;
        return response.text();
      })
      .then(function (html) {
        if (html === null || html === undefined) return;
        if (html.trim() !== slot.innerHTML.trim()) slot.innerHTML = html;
      })
      .catch(function () { /* keep the default content */ });
  });
})();
