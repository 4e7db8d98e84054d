/* Keyboard shortcuts for the screening page. Progressive enhancement: the form works without them. */
(function () {
  "use strict";
  var form = document.getElementById("decision");
  var live = document.getElementById("announce");
  var dialog = document.getElementById("shortcuts");
  var opener = document.getElementById("shortcuts-open");
  var TEXT_INPUTS = /^(text|search|email|url|tel|number|password|date|datetime-local|month|time|week)$/;

  function announce(text) {
    if (!live) return;
    // Emptying first makes screen readers read the region again even if the text repeats.
    live.textContent = "";
    window.setTimeout(function () {
      var p = document.createElement("p");
      p.className = "msg";
      p.textContent = text;
      live.appendChild(p);
    }, 50);
  }

  function typing(el) {
    if (!el || !el.tagName) return false;
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && TEXT_INPUTS.test(el.type || "text");
  }

  function radio(name, value) {
    return form && form.querySelector('input[name="' + name + '"][value="' + CSS.escape(value) + '"]');
  }

  function reasonRadios() {
    return form ? Array.prototype.slice.call(form.querySelectorAll('input[name="reason"]')) : [];
  }

  function chosenReason() {
    var checked = form && form.querySelector('input[name="reason"]:checked');
    return checked ? checked.value : "";
  }

  function submit(label, message) {
    var r = radio("label", label);
    if (!r) return;
    r.checked = true;
    announce(message);
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function startExclude() {
    var r = radio("label", "exclude");
    if (!r) return;
    r.checked = true;
    var reasons = reasonRadios();
    var target = reasons.filter(function (x) { return x.checked; })[0] || reasons[0];
    if (target) target.focus();
    announce(form.dataset.excludeHelp || "Exclude: choose a reason with its number, then press Enter.");
  }

  function pickReason(n) {
    var reasons = reasonRadios();
    var target = reasons[n - 1];
    if (!target) return;
    target.checked = true;
    radio("label", "exclude").checked = true;
    target.focus();
    announce((form.dataset.reasonChosen || "Reason chosen: %s. Press Enter to exclude.").replace("%s", target.value));
  }

  function save() {
    var checked = form.querySelector('input[name="label"]:checked');
    if (checked && checked.value === "exclude" && !chosenReason()) {
      announce(form.dataset.needReason || "Choose a reason first: press its number.");
      startExclude();
      return;
    }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  // Picking a reason with the mouse means excluding.
  reasonRadios().forEach(function (r) {
    r.addEventListener("change", function () { radio("label", "exclude").checked = true; });
  });

  // "Preselect exclusion" links choose the suggested reason without reloading the page.
  Array.prototype.forEach.call(document.querySelectorAll("a.suggest[data-reason]"), function (a) {
    a.addEventListener("click", function (event) {
      var r = radio("reason", a.dataset.reason);
      if (!r) return;
      event.preventDefault();
      pickReason(reasonRadios().indexOf(r) + 1);
    });
  });

  if (dialog && opener && dialog.showModal) {
    opener.hidden = false;
    opener.addEventListener("click", function () { dialog.showModal(); });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (dialog && dialog.open) return;
    var target = event.target;
    if (typing(target)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    var key = event.key;
    if (key === "?") {
      if (dialog && dialog.showModal) { event.preventDefault(); dialog.showModal(); }
      return;
    }
    if (key === "u") {
      var previous = document.getElementById("previous");
      if (previous) { event.preventDefault(); announce(previous.textContent); window.location.href = previous.href; }
      return;
    }
    if (!form) return;
    if (key === "i") { event.preventDefault(); submit("include", form.dataset.including || "Including…"); }
    else if (key === "m") { event.preventDefault(); submit("maybe", form.dataset.maybe || "Maybe…"); }
    else if (key === "e") { event.preventDefault(); startExclude(); }
    else if (key === "n") { event.preventDefault(); document.getElementById("note").focus(); }
    else if (/^[1-9]$/.test(key)) { event.preventDefault(); pickReason(Number(key)); }
    else if (key === "Enter") {
      // Buttons and links keep their own Enter; elsewhere Enter saves (radios would submit natively too).
      if (target.tagName === "BUTTON" || target.tagName === "A") return;
      event.preventDefault();
      save();
    }
  });

  // The server's message after a decision is already in the live region; re-announcing it makes screen
  // readers read it after the page load.
  if (live && live.textContent.trim()) announce(live.textContent.trim());
})();
