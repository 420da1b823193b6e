/* Palabre — the service worker of the field pages (docs/adr/0012-saisie-hors-connexion.md).

   It keeps the quick-entry pages and their static files so that they open without a network:
   a page is asked of the network first and kept when it answers; with no answer within a few
   seconds, or none at all, the kept copy is shown. Static files are served from the cache
   first. It sends nothing itself: the entries wait in the page's outbox (IndexedDB), which the
   page sends when the network comes back.

   Kept pages belong to the account that opened them: the page tells which one
   (``{keep, assets, owner}``), and the pages of another account are dropped at once. */
"use strict";

var CONFIG = {{ config|safe }};
var PREFIX = "palabre-terrain-";
var STATIC_CACHE = PREFIX + "static";
var PAGES_PREFIX = PREFIX + "pages-";
var PAGES = CONFIG.pages.map(function (pattern) { return new RegExp(pattern); });
var NETWORK_WAIT_MS = 4000;
var MAX_PAGES = 30;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function isPage(url) {
  return PAGES.some(function (pattern) { return pattern.test(url.pathname); });
}

function pagesCacheName() {
  // The one pages cache, named after the account whose pages it holds.
  return caches.keys().then(function (names) {
    var found = names.filter(function (name) { return name.indexOf(PAGES_PREFIX) === 0; });
    return found.length ? found[0] : PAGES_PREFIX + "inconnu";
  });
}

function keepPage(request, response) {
  return pagesCacheName().then(function (name) {
    return caches.open(name).then(function (cache) {
      return cache.put(request, response).then(function () { return trim(cache); });
    });
  });
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    var extra = keys.slice(0, Math.max(0, keys.length - MAX_PAGES));
    return Promise.all(extra.map(function (key) { return cache.delete(key); }));
  });
}

function kept(request) {
  return caches.match(request, { ignoreVary: true });
}

function offlinePage() {
  var html = "<!doctype html><html lang=\"" + CONFIG.lang + "\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>" + CONFIG.offline_title + " · Palabre</title></head><body><main>" +
    "<h1>" + CONFIG.offline_title + "</h1><p>" + CONFIG.offline_text + "</p></main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function page(event) {
  var request = event.request;
  return new Promise(function (resolve) {
    var answered = false;
    function answer(response) {
      if (!answered) {
        answered = true;
        resolve(response);
      }
    }
    var network = fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        event.waitUntil(keepPage(request, response.clone()));
      } else if (response.status >= 500) {
        // The server or a proxy fails: the kept copy still lets the person enter.
        return kept(request).then(function (copy) { answer(copy || response); });
      }
      answer(response);
    });
    network.catch(function () {
      kept(request).then(function (copy) { answer(copy || offlinePage()); });
    });
    // A network that does not answer (a hall, a car park) is no network.
    setTimeout(function () {
      kept(request).then(function (copy) { if (copy) { answer(copy); } });
    }, NETWORK_WAIT_MS);
  });
}

function asset(request) {
  return kept(request).then(function (copy) {
    return copy || fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var clone = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, clone); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && isPage(url)) {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf(CONFIG.static) === 0) {
    event.respondWith(asset(request));
  }
});

function fetchInto(cache, url) {
  return fetch(url, { credentials: "same-origin", redirect: "manual", cache: "no-store" })
    .then(function (response) {
      if (!response.ok || response.type !== "basic") {
        throw new Error(url);
      }
      return cache.put(url, response);
    });
}

function keep(message) {
  // The owner's pages cache: another account's pages are dropped before anything is kept.
  var wanted = PAGES_PREFIX + message.owner;
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES_PREFIX) === 0 && name !== wanted;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return Promise.all([caches.open(wanted), caches.open(STATIC_CACHE)]);
  }).then(function (opened) {
    var pages = opened[0], assets = opened[1];
    var wantedAssets = message.assets || [];
    var work = wantedAssets.map(function (url) {
      return assets.match(url).then(function (copy) { return copy || fetchInto(assets, url); });
    });
    if (message.keep) {
      work.push(pages.match(message.keep, { ignoreVary: true }).then(function (copy) {
        return copy || fetchInto(pages, message.keep);
      }));
    }
    // Static files of an older version of the application go.
    work.push(assets.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return wantedAssets.indexOf(key.url) === -1;
      }).map(function (key) { return assets.delete(key); }));
    }));
    return Promise.all(work).then(function () { return trim(pages); });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (!message.owner) {
    return;
  }
  var port = event.ports && event.ports[0];
  event.waitUntil(keep(message).then(function () {
    if (port) { port.postMessage({ kept: true }); }
  }, function () {
    if (port) { port.postMessage({ kept: false }); }
  }));
});
