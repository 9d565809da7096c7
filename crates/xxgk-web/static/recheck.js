// Live re-check of the report workspace: while a draft is edited, the form
// is sent to /admin/report-versions/{id}/check (no saving) and the findings
// are placed beside their cells, as the server does on save. Without
// JavaScript the form works the same, re-checked on save.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !form.dataset.check) { return; }
  var timer = null;
  var pending = null;

  function clearNotes() {
    form.querySelectorAll("span.note[data-for]").forEach(function (n) { n.remove(); });
    form.querySelectorAll("input.error, input.warning").forEach(function (i) {
      i.classList.remove("error", "warning");
      i.removeAttribute("aria-invalid");
    });
  }

  function show(result) {
    clearNotes();
    result.findings.forEach(function (f) {
      var input = form.querySelector('input[name="' + CSS.escape(f.path) + '"]');
      if (!input) { return; }
      var note = document.createElement("span");
      note.className = "note " + (f.severity === "error" ? "error" : "warning");
      note.dataset.for = f.path;
      note.textContent = f.code + "：" + f.message;
      input.parentNode.appendChild(note);
      if (!input.classList.contains("error")) {
        input.classList.add(f.severity === "error" ? "error" : "warning");
      }
      input.setAttribute("aria-invalid", "true");
    });
    var errors = document.getElementById("error-count");
    var warnings = document.getElementById("warning-count");
    if (errors) { errors.textContent = String(result.errors); }
    if (warnings) { warnings.textContent = String(result.warnings); }
  }

  function recheck() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(form.dataset.check, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      signal: pending.signal
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (result) {
      if (result) { show(result); }
    }).catch(function () { /* offline or aborted: the save still checks */ });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(recheck, 400);
  });
})();
