// While a member types a ticket's title, show their open tickets that look alike (a server-rendered fragment).
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  var title = form && form.querySelector("[data-similar]");
  var slot = document.getElementById("similar-tickets");
  if (!title || !slot) return;
  var timer = null;
  var last = "";
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = title.value.trim();
      if (query === last || query.length < 4) return;
      last = query;
      fetch(form.dataset.similarUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { slot.innerHTML = html; })
        .catch(function () {});
    }, 400);
  });
})();
