// Batch-import progress without reloading the page: while files are being
// read, the counts and the progress bar follow /admin/hub/batch/{id}/progress,
// and the page is reloaded once, when every file has been read (so a select
// being used to confirm an agency is not reset while the queue runs). Without
// JavaScript a <noscript> meta refresh reloads the page instead.
(function () {
  "use strict";
  var bar = document.getElementById("batch-progress");
  if (!bar || !bar.dataset.poll) { return; }
  var fields = ["done", "filed", "waiting", "failed"];

  function poll() {
    fetch(bar.dataset.poll, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) {
        bar.value = p.done;
        bar.max = p.total;
        fields.forEach(function (k) {
          var el = document.getElementById("batch-" + k);
          if (el) { el.textContent = String(p[k]); }
        });
        if (p.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
