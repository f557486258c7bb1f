// Saves a draft area of an assessment a few seconds after the last change. Progressive
// enhancement: without this script the "Spara" buttons save everything; with it, what is typed
// is saved as you go. The server answers JSON with a Swedish message for the status line.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var lock = form.querySelector("input[name=lock_version]");
  var timer = null;
  var stopped = false;
  var dirty = false;

  function show(message) {
    if (status) status.textContent = message || "";
  }

  function save() {
    if (stopped || !dirty) return;
    dirty = false;
    fetch(window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Autosave": "1", Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { status: response.status, body: body };
        });
      })
      .then(function (result) {
        show(result.body.message);
        if (result.status === 200) lock.value = result.body.lock_version;
        if (result.status === 409) stopped = true; // the next "Spara" shows both versions
      })
      .catch(function () {
        dirty = true;
        show(form.dataset.autosaveOffline);
      });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    stopped = true;
    clearTimeout(timer);
  });
})();
