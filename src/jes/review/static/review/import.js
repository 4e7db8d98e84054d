// Follows a background import: polls its status once a second and updates the progress and the live status line.
(function () {
  "use strict";
  var job = document.querySelector("[data-status-url]");
  if (!job) return;
  var progress = job.querySelector("progress");
  var status = job.querySelector("[role=status]");
  var finished = { done: true, failed: true };
  if (finished[job.dataset.state]) return;

  function show(data) {
    job.dataset.state = data.state;
    job.className = "job job-" + data.state;
    progress.textContent = data.read;
    if (finished[data.state]) {
      progress.max = 1;
      progress.value = 1;
    }
    if (status.textContent !== data.message) status.textContent = data.message;
  }

  // A finished import belongs in the list of previous imports: take the fresh list from the page itself.
  function refreshList() {
    var list = document.getElementById("previous-imports");
    if (!list) return;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("previous-imports");
        if (fresh) list.replaceWith(fresh);
      })
      .catch(function () {});
  }

  function poll() {
    fetch(job.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!finished[data.state]) window.setTimeout(poll, 1000);
        else if (data.state === "done") refreshList();
      })
      .catch(function () {
        window.setTimeout(poll, 3000); // a restarting server: try again, a little later
      });
  }
  window.setTimeout(poll, 1000);
})();
