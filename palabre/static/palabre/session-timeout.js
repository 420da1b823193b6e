/* Palabre — the warning before an idle session ends (components/session_timeout.html).

   The server ends a session after SESSION_IDLE_SECONDS without a page (palabre.accounts
   .middleware), with or without this script. The script only warns: a while before the end it
   asks the server how long is left (another tab may have kept the session alive; asking does
   not count as activity), opens an accessible dialog « Votre session va expirer dans 2 minutes »
   whose button pushes the limit back, and when the time is up goes to the login page, which
   says why. */
(function () {
  "use strict";

  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return;
  }
  var warningMs = Number(dialog.dataset.warning) * 1000;
  var statusUrl = dialog.dataset.statusUrl;
  var loginUrl = dialog.dataset.loginUrl;
  var stayForm = dialog.querySelector("form[data-session-stay]");
  var deadline = Date.now() + Number(dialog.dataset.remaining) * 1000;
  var timer = null;
  var MAX_WAIT = 2147483647;

  function later(fn, ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(fn, Math.max(0, Math.min(ms, MAX_WAIT)));
  }

  function schedule() {
    later(check, deadline - warningMs - Date.now());
  }

  function close() {
    if (dialog.open) {
      dialog.close();
    }
  }

  function leave() {
    window.location.assign(
      loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search)
    );
  }

  function warn() {
    if (!dialog.open) {
      dialog.showModal();
    }
    // Ask again when the time should be up (the last second included).
    later(check, deadline - Date.now() + 1000);
  }

  function apply(state) {
    if (!state.active) {
      leave();
      return;
    }
    deadline = Date.now() + state.remaining * 1000;
    if (state.remaining * 1000 > warningMs) {
      close();
      schedule();
    } else {
      warn();
    }
  }

  function check() {
    fetch(statusUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.json(); })
      .then(apply)
      .catch(function () {
        // No network: trust the clock of the page; the server decides anyway.
        if (Date.now() >= deadline) {
          leave();
        } else {
          warn();
        }
      });
  }

  stayForm.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(stayForm.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: new FormData(stayForm)
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(apply)
      .catch(function () {
        stayForm.submit();
      });
  });

  // Escape closes a native dialog: it must not hide the warning without pushing the limit back.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
  });

  schedule();
})();
