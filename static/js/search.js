// Search suggestions as you type, for every input with data-autocomplete="<endpoint>".
// Progressive enhancement: without this file the forms submit to /search/ as usual.
// ARIA combobox pattern: the input owns a listbox; arrows move, Enter opens, Escape closes.
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var MIN_LENGTH = 2;
  var script = document.currentScript;
  var inputs = document.querySelectorAll("input[data-autocomplete]");
  if (!inputs.length) return;

  // The listbox styles live in search.css; pages other than /search/ do not link it.
  if (script && script.dataset.css && !document.querySelector('link[href="' + script.dataset.css + '"]')) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = script.dataset.css;
    document.head.appendChild(link);
  }

  inputs.forEach(function (input, index) {
    var endpoint = input.dataset.autocomplete;
    var listId = "autocomplete-" + index;
    var list = document.createElement("ul");
    var status = document.createElement("span");
    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;

    list.id = listId;
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", script && script.dataset.label ? script.dataset.label : "Suggestions");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.parentNode.classList.add("autocomplete");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(next) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (next + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function render(results) {
      items = results;
      list.textContent = "";
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        var kind = document.createElement("span");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "autocomplete-option";
        option.textContent = item.title;
        kind.className = "autocomplete-option__kind";
        kind.textContent = item.kind_label || item.kind;
        option.appendChild(kind);
        // mousedown, not click: it fires before the input loses focus and closes the list.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.assign(item.url);
        });
        list.appendChild(option);
      });
      var countText = (script && script.dataset.count) || "%s";
      status.textContent = results.length ? countText.replace("%s", results.length) : "";
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (controller) controller.abort();
      if (query.length < MIN_LENGTH) {
        render([]);
        return;
      }
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() === query) render(data.results || []);
        })
        .catch(function () { /* aborted or offline: keep the form as it is */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
          else return;
        }
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].url);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  });
})();
