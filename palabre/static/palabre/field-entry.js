/* Palabre — quick entry on a phone, and entries that survive a bad connection
   (docs/adr/0012-saisie-hors-connexion.md).

   Without JavaScript the form posts as usual. With it:
   - each count gets its − and + buttons;
   - each entry is first kept in an outbox on the phone (IndexedDB, base « palabre-terrain »),
     with a fresh client id (crypto.randomUUID), then the outbox is sent to the shift's
     « envoi » address: on saving, when the page opens, when the network comes back, and every
     30 seconds. The server answers each entry: recorded (it leaves the outbox), already
     recorded (same client id: never twice), refused or in conflict (it stays, shown with the
     server's French messages, to correct or to discard);
   - a service worker keeps the page and its files, so that it opens again without a network.

   An entry belongs to the account (membership) that made it: the page sends and shows only
   its own; others wait for their author. */
(function () {
  "use strict";

  // − and + for the counts; without JavaScript, the number is typed.
  document.querySelectorAll("[data-counter]").forEach(function (counter) {
    var input = counter.querySelector("input");
    counter.querySelectorAll("[data-step]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = (parseInt(input.value, 10) || 0) + parseInt(button.dataset.step, 10);
        input.value = Math.min(Math.max(next, Number(input.min)), Number(input.max));
      });
    });
  });

  var form = document.querySelector("form[data-quick-entry]");
  var panel = document.querySelector("[data-outbox]");
  var textsNode = document.getElementById("field-outbox-texts");
  if (!form || !panel || !textsNode || !window.indexedDB || !window.fetch || !window.Promise ||
      !window.crypto || typeof window.crypto.randomUUID !== "function") {
    return;
  }

  var T = JSON.parse(textsNode.textContent);
  var DB_NAME = "palabre-terrain";
  var STORE = "outbox";
  var CHUNK = 20;
  var RETRY_MS = 30000;
  var owner = form.dataset.owner;
  var editing = form.dataset.intervention || "";
  var submitButton = form.querySelector("button[type=submit]");
  var db = null;
  var sending = false;
  var loadedEntry = null;
  var refusedNow = 0;
  var timeChosen = false;

  function q(selector) { return panel.querySelector(selector); }

  // --- IndexedDB --------------------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("blocked")); };
    });
  }

  function run(mode, work) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(STORE, mode);
      var result;
      transaction.oncomplete = function () { resolve(result); };
      transaction.onerror = function () { reject(transaction.error); };
      transaction.onabort = function () { reject(transaction.error); };
      var request = work(transaction.objectStore(STORE));
      if (request) {
        request.onsuccess = function () { result = request.result; };
      }
    });
  }

  function everything() { return run("readonly", function (store) { return store.getAll(); }); }
  function put(entry) { return run("readwrite", function (store) { return store.put(entry); }); }
  function get(id) { return run("readonly", function (store) { return store.get(id); }); }
  function remove(id) { return run("readwrite", function (store) { return store.delete(id); }); }

  function mine() {
    return everything().then(function (entries) {
      return entries.filter(function (entry) { return entry.owner === owner; })
        .sort(function (a, b) { return a.saved_at - b.saved_at; });
    });
  }

  // --- The form ---------------------------------------------------------------------------

  function nowInShift() {
    var starts = Number(form.dataset.shiftStarts) * 1000;
    var ends = Number(form.dataset.shiftEnds) * 1000;
    var moment = new Date(Math.min(Math.max(Date.now(), starts), ends));
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (form.dataset.timeZone) { options.timeZone = form.dataset.timeZone; }
    try {
      return new Intl.DateTimeFormat("fr-FR", options).format(moment);
    } catch (error) {
      delete options.timeZone;
      return new Intl.DateTimeFormat("fr-FR", options).format(moment);
    }
  }

  function freshEntry() {
    // A page opened from the phone's copy carries the client id it was drawn with, maybe
    // already used: each new entry draws its own.
    if (form.elements.client_id) { form.elements.client_id.value = crypto.randomUUID(); }
    if (form.elements.time) { form.elements.time.value = nowInShift(); }
    timeChosen = false;
    loadedEntry = null;
  }

  function labelOf(input) {
    var label = input && input.id ? form.querySelector("label[for='" + input.id + "']") : null;
    return label ? label.textContent.trim() : "";
  }

  function fieldsOf() {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "client_id" && name !== "version") {
        fields[name] = value;
      }
    });
    // A box left unticked is said, so that an edit unticks it.
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      fields[box.name] = box.checked ? "on" : "";
    });
    return fields;
  }

  function summaryOf(fields) {
    var type = labelOf(form.querySelector("input[name=type]:checked"));
    var where = form.elements.where;
    var place = where && where.selectedIndex >= 0 ? where.options[where.selectedIndex].text : "";
    var people = 0;
    form.querySelectorAll("[data-counter] input").forEach(function (input) {
      people += parseInt(input.value, 10) || 0;
    });
    var parts = [fields.time, type, place];
    if (people) { parts.push((people > 1 ? T.people_many : T.people_one).replace("%s", people)); }
    return parts.filter(Boolean).join(" · ");
  }

  function entryFromForm() {
    var fields = fieldsOf();
    var entry = {
      owner: owner,
      send_url: form.dataset.sendUrl,
      page: location.pathname,
      fields: fields,
      summary: summaryOf(fields),
      saved_at: Date.now(),
      rev: crypto.randomUUID(),
      state: "pending",
      messages: []
    };
    if (editing) {
      entry.kind = "edit";
      entry.id = "edit:" + owner + ":" + editing;
      entry.intervention = editing;
      entry.version = parseInt(form.elements.version.value, 10) || null;
    } else {
      entry.kind = "create";
      entry.id = (form.elements.client_id && form.elements.client_id.value) || crypto.randomUUID();
    }
    return entry;
  }

  function clearForNext() {
    // As the server does after an entry: the same place again, the rest back to its default.
    var where = form.elements.where ? form.elements.where.value : null;
    form.reset();
    if (where !== null) { form.elements.where.value = where; }
    form.querySelectorAll("details").forEach(function (details) { details.open = false; });
    freshEntry();
  }

  function fill(entry) {
    form.reset();
    Object.keys(entry.fields).forEach(function (name) {
      var value = entry.fields[name];
      var elements = form.querySelectorAll("[name='" + name + "']");
      elements.forEach(function (element) {
        if (element.type === "radio") {
          element.checked = element.value === value;
        } else if (element.type === "checkbox") {
          element.checked = value === "on";
        } else {
          element.value = value;
        }
      });
    });
    if (entry.kind === "create" && form.elements.client_id) {
      form.elements.client_id.value = entry.id;
    }
    if (entry.kind === "edit" && form.elements.version) {
      // After a conflict the person has seen both versions: saving again is their choice.
      form.elements.version.value = entry.server_version || entry.version;
    }
    form.querySelectorAll("details").forEach(function (details) { details.open = true; });
    timeChosen = true;
    loadedEntry = entry;
    say(T.loaded);
    form.scrollIntoView();
    var first = form.querySelector("input[name=type]:checked") || form.querySelector("input, select");
    if (first) { first.focus(); }
  }

  form.addEventListener("submit", function (event) {
    if (!db) {
      return;  // no outbox on this phone: the form posts as it does without JavaScript
    }
    event.preventDefault();
    if (submitButton.disabled) { return; }
    submitButton.disabled = true;
    if (!editing && !timeChosen && form.elements.time) {
      // A page left open since the start of the night: the entry is made now.
      form.elements.time.value = nowInShift();
    }
    var entry = entryFromForm();
    var previous = loadedEntry;
    var keepIt = previous && previous.id !== entry.id ? remove(previous.id) : Promise.resolve();
    keepIt.then(function () { return put(entry); }).then(function () {
      askToPersist();
      say((entry.kind === "edit" ? T.kept_edit : T.kept).replace("%s", entry.summary));
      if (entry.kind === "create") { clearForNext(); } else { loadedEntry = null; }
      return show().then(send);
    }, function () {
      // The phone refused to keep it (storage full, private mode): post it as a plain form.
      form.submit();
    }).then(function () { submitButton.disabled = false; }, function () {
      submitButton.disabled = false;
    });
  });

  // --- Sending ----------------------------------------------------------------------------

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (pair) {
      return pair.indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function csrfToken() {
    var field = form.elements.csrfmiddlewaretoken;
    return cookie("csrftoken") || (field ? field.value : "");
  }

  function refreshToken() {
    // The copy of the page kept on the phone may carry an old token: ask the server for the
    // page again, which sets a fresh one.
    return fetch(location.pathname, { credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (response) {
        if (response.type === "opaqueredirect") { throw new Stop("session"); }
        if (!response.ok) { return; }
        return response.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.querySelector("input[name=csrfmiddlewaretoken]");
          if (fresh && form.elements.csrfmiddlewaretoken) {
            form.elements.csrfmiddlewaretoken.value = fresh.value;
          }
        });
      });
  }

  function Stop(kind, detail) { this.kind = kind; this.detail = detail; }

  function wire(entry) {
    var sent = { id: entry.id, kind: entry.kind, fields: entry.fields };
    if (entry.kind === "edit") {
      sent.intervention = entry.intervention;
      sent.version = entry.version;
    }
    return sent;
  }

  function post(url, entries, retried) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ entries: entries.map(wire) })
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401) {
        throw new Stop("session");
      }
      if (response.status === 403) {
        if (retried) { throw new Stop("csrf"); }
        return refreshToken().then(function () { return post(url, entries, true); });
      }
      if (response.status === 404) {
        return { closed: true };
      }
      if (!response.ok) {
        throw new Stop("server", response.status);
      }
      return response.json();
    });
  }

  function settle(sent, answer) {
    // The entry may have changed while it travelled (corrected, edited again): only the
    // version that was sent leaves the outbox.
    return get(sent.id).then(function (stored) {
      if (!stored) { return; }
      var same = stored.rev === sent.rev;
      if (answer.status === "created" || answer.status === "already" || answer.status === "updated") {
        if (same) { return remove(sent.id); }
        if (answer.status === "updated") {
          stored.version = answer.version;
          return put(stored);
        }
        return;
      }
      if (!same) { return; }
      stored.state = answer.status === "conflict" ? "conflict" : "refused";
      stored.messages = answer.messages || [];
      stored.comparison = answer.comparison || null;
      if (answer.status === "conflict") { stored.server_version = answer.version; }
      return put(stored);
    });
  }

  function showAnswer(answer) {
    if (!answer.html) { return; }
    var list = document.querySelector("[data-recent]");
    if (!list) { return; }
    var holder = document.createElement("ul");
    holder.innerHTML = answer.html.trim();
    var line = holder.firstElementChild;
    var existing = list.querySelector("[data-intervention='" + answer.intervention + "']");
    if (existing) {
      existing.replaceWith(line);
    } else if (answer.status !== "updated") {
      list.insertBefore(line, list.firstElementChild);
    }
    list.hidden = false;
    var empty = document.querySelector("[data-recent-empty]");
    if (empty) { empty.remove(); }
    if (answer.status === "updated" && editing === answer.intervention && form.elements.version) {
      form.elements.version.value = answer.version;
    }
  }

  function sendGroup(url, entries) {
    var chunk = entries.slice(0, CHUNK);
    var rest = entries.slice(CHUNK);
    return post(url, chunk).then(function (result) {
      if (result.closed) {
        refusedNow += chunk.length;
        return Promise.all(chunk.map(function (entry) {
          return settle(entry, { status: "refused", messages: [T.closed] });
        })).then(function () { return []; });
      }
      var byId = {};
      chunk.forEach(function (entry) { byId[entry.id] = entry; });
      var done = [];
      return Promise.all((result.entries || []).map(function (answer) {
        var entry = byId[answer.id];
        if (!entry) { return null; }
        if (answer.status !== "refused" && answer.status !== "conflict") {
          done.push(answer);
          showAnswer(answer);
        } else {
          refusedNow += 1;
        }
        return settle(entry, answer);
      })).then(function () {
        var heading = document.querySelector("[data-logged]");
        if (heading && result.logged_label) { heading.textContent = result.logged_label; }
        return rest.length ? sendGroup(url, rest).then(function (more) { return done.concat(more); }) : done;
      });
    });
  }

  function sendAll() {
    return mine().then(function (entries) {
      var pending = entries.filter(function (entry) { return entry.state === "pending"; });
      if (!pending.length) { return null; }
      refusedNow = 0;
      network(T.sending);
      var groups = {};
      pending.forEach(function (entry) {
        (groups[entry.send_url] = groups[entry.send_url] || []).push(entry);
      });
      var done = [];
      return Object.keys(groups).reduce(function (previous, url) {
        return previous.then(function () {
          return sendGroup(url, groups[url]).then(function (answers) { done = done.concat(answers); });
        });
      }, Promise.resolve()).then(function () { return done; });
    });
  }

  function send() {
    if (!db || sending) { return Promise.resolve(); }
    if (!navigator.onLine) {
      network(T.offline);
      return show();
    }
    sending = true;
    var work = function () { return sendAll(); };
    // One tab at a time sends the outbox (the server would answer twice « already » anyway).
    var locked = navigator.locks && navigator.locks.request ?
      navigator.locks.request("palabre-terrain-outbox", work) : work();
    return locked.then(function (done) {
      network("");
      if (done && done.length === 1) {
        say(done[0].message);
      } else if (done && done.length > 1) {
        say(T.sent_many.replace("%s", done.length));
      }
      if (done && refusedNow) { say(T.problems); }
    }, function (error) {
      if (error instanceof Stop && error.kind === "session") {
        network(T.session, form.dataset.loginUrl);
      } else if (error instanceof Stop && error.kind === "csrf") {
        network(T.csrf);
      } else if (error instanceof Stop) {
        network(T.server.replace("%s", error.detail));
      } else {
        network(T.offline);
      }
    }).then(function () {
      sending = false;
      return show();
    });
  }

  // --- What the page shows ----------------------------------------------------------------

  function say(text) {
    // What became of the last entry (kept, recorded, refused…).
    q("[data-outbox-message]").textContent = text || "";
  }

  function network(text, link) {
    // Whether the outbox can be sent now, and why not.
    var message = q("[data-outbox-network]");
    message.textContent = text || "";
    message.hidden = !text;
    if (link) {
      var a = document.createElement("a");
      a.href = link;
      a.textContent = T.login;
      message.appendChild(document.createTextNode(" "));
      message.appendChild(a);
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function hidden(text) { return element("span", "visually-hidden", text); }

  function comparisonTable(rows) {
    // Scrolls sideways on a narrow phone: reachable by keyboard, named for screen readers.
    var wrapper = element("div", "table-responsive");
    wrapper.tabIndex = 0;
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("aria-label", T.comparison);
    var table = element("table", "table table-sm align-middle mb-2 bg-body");
    table.appendChild(element("caption", "visually-hidden", T.comparison));
    var head = element("thead");
    var headRow = element("tr");
    [T.field, T.recorded, T.asked].forEach(function (title) {
      var th = element("th", "", title);
      th.scope = "col";
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = element("tbody");
    rows.forEach(function (row) {
      var tr = element("tr", row.differs ? "fw-semibold" : "");
      var th = element("th", "", row.label + (row.differs ? " " + T.differs : ""));
      th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(element("td", "", row.recorded));
      tr.appendChild(element("td", "", row.asked));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrapper.appendChild(table);
    return wrapper;
  }

  function problem(entry) {
    var item = element("li", "list-group-item");
    item.appendChild(element("p", "mb-1 fw-semibold", entry.summary));
    (entry.messages || []).forEach(function (text) { item.appendChild(element("p", "mb-1", text)); });
    if (entry.comparison) { item.appendChild(comparisonTable(entry.comparison)); }
    var buttons = element("div", "d-flex flex-wrap gap-2");
    var fix = element("button", "btn btn-primary btn-sm", T.fix);
    fix.type = "button";
    fix.appendChild(hidden(" : " + entry.summary));
    fix.addEventListener("click", function () {
      if (entry.page === location.pathname) {
        fill(entry);
      } else {
        location.href = entry.page + "#reprendre-" + encodeURIComponent(entry.id);
      }
    });
    var discard = element("button", "btn btn-outline-danger btn-sm", T.discard);
    discard.type = "button";
    discard.appendChild(hidden(" : " + entry.summary));
    discard.addEventListener("click", function () {
      if (window.confirm(T.confirm_discard)) {
        remove(entry.id).then(show);
      }
    });
    buttons.appendChild(fix);
    buttons.appendChild(discard);
    item.appendChild(buttons);
    return item;
  }

  function show() {
    return everything().then(function (entries) {
      var own = entries.filter(function (entry) { return entry.owner === owner; })
        .sort(function (a, b) { return a.saved_at - b.saved_at; });
      var pending = own.filter(function (entry) { return entry.state === "pending"; });
      var problems = own.filter(function (entry) { return entry.state !== "pending"; });
      var others = entries.length - own.length;

      q("[data-outbox-count]").textContent = pending.length;
      q("[data-outbox-label]").textContent = pending.length > 1 ? T.waiting_many : T.waiting_one;

      var list = q("[data-outbox-pending]");
      list.textContent = "";
      pending.forEach(function (entry) { list.appendChild(element("li", "", entry.summary)); });
      list.hidden = !pending.length;

      var box = q("[data-outbox-problems]");
      box.textContent = "";
      if (problems.length) {
        box.appendChild(element("h3", "h6 mt-2 mb-1", T.problems));
        var items = element("ul", "list-group mb-1");
        problems.forEach(function (entry) { items.appendChild(problem(entry)); });
        box.appendChild(items);
      }

      var note = q("[data-outbox-others]");
      note.hidden = !others;
      note.textContent = others ? (others > 1 ? T.others_many : T.others_one).replace("%s", others) : "";
      panel.dataset.waiting = pending.length;
      panel.hidden = false;
    });
  }

  // --- Keeping the page for the next time without a network --------------------------------

  function keepOffline() {
    if (!("serviceWorker" in navigator) || !form.dataset.serviceWorker) { return; }
    navigator.serviceWorker.register(form.dataset.serviceWorker, { scope: form.dataset.scope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var worker = registration.active;
        if (!worker) { return; }
        var assets = [];
        document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (node) {
          assets.push(node.href || node.src);
        });
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data && event.data.kept) {
            var ready = q("[data-outbox-ready]");
            ready.textContent = T.offline_ready;
            ready.hidden = false;
            panel.dataset.offlineReady = "true";
          }
        };
        var page = navigator.onLine ? location.href.split("#")[0] : null;
        worker.postMessage({ keep: page, assets: assets, owner: owner }, [channel.port2]);
      })
      .catch(function () { /* no offline copy: the page still works online */ });
  }

  function askToPersist() {
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().catch(function () {});
    }
  }

  function checkStorage() {
    if (!navigator.storage || !navigator.storage.estimate) { return; }
    navigator.storage.estimate().then(function (estimate) {
      if (estimate.quota && estimate.usage / estimate.quota > 0.9) { say(T.storage_low); }
    }).catch(function () {});
  }

  // --- Start ------------------------------------------------------------------------------

  q("[data-outbox-send]").addEventListener("click", function () { send(); });
  if (form.elements.time) {
    form.elements.time.addEventListener("input", function () { timeChosen = true; });
  }
  window.addEventListener("online", function () { send(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { send(); }
  });

  function start() {
    if (!editing) { freshEntry(); }
    var wanted = location.hash.indexOf("#reprendre-") === 0 ?
      decodeURIComponent(location.hash.slice("#reprendre-".length)) : null;
    return (wanted ? get(wanted) : Promise.resolve(null)).then(function (entry) {
      if (entry && entry.owner === owner) { fill(entry); }
      return show();
    }).then(function () {
      checkStorage();
      keepOffline();
      setInterval(send, RETRY_MS);
      return send();
    });
  }

  openDb().then(function (opened) {
    db = opened;
    return start();
  }, function () {
    db = null;  // no IndexedDB here (private browsing): the form posts as it does without it
  });
})();
