// Suggestions under the search box (titles and glossary terms). Progressive enhancement: the
// form works without this script; with it, the browser's own list (<datalist>) offers matches.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) return;
  var list = document.createElement("datalist");
  list.id = input.id + "-suggestions";
  input.parentNode.appendChild(list);
  input.setAttribute("list", list.id);
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = input.value.trim();
      if (query.length < 2 || query === last) return;
      last = query;
      fetch(input.dataset.suggest + "&q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a convenience; searching still works */ });
    }, 200);
  });
})();
