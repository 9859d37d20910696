// The college's site: search. From a web server, Pagefind's index (pagefind/);
// opened from a disk (file://), where browsers refuse fetch and module imports,
// the whole text of the site in assets/search-index.js, searched word by word.
// Results are written as text (textContent), never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var root = form.getAttribute("data-root") || "";
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var LIMIT = 30;

  function normal(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + result.url;
      link.textContent = result.title;
      item.appendChild(link);
      if (result.excerpt) {
        var excerpt = document.createElement("p");
        excerpt.textContent = result.excerpt;
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    });
    if (!results.length) {
      status.textContent = "Aucune page ne contient « " + query + " ».";
    } else {
      status.textContent = results.length + (results.length > 1 ? " pages trouvées" : " page trouvée") +
        " pour « " + query + " ».";
    }
  }

  function fromIndex(query) {
    var words = normal(query).split(/\s+/).filter(Boolean);
    var found = [];
    (window.collegekitSearchIndex || []).forEach(function (entry) {
      var text = normal(entry.text);
      var score = 0;
      for (var i = 0; i < words.length; i += 1) {
        var count = text.split(words[i]).length - 1;
        if (!count) { return; }
        score += count;
      }
      var at = text.indexOf(words[0]);
      var start = Math.max(0, at - 80);
      var excerpt = (start ? "… " : "") + entry.text.slice(start, at + 160) + " …";
      found.push({ url: entry.url, title: entry.title, excerpt: excerpt, score: score });
    });
    found.sort(function (a, b) { return b.score - a.score || (a.url < b.url ? -1 : 1); });
    return found.slice(0, LIMIT);
  }

  function loadIndex() {
    return new Promise(function (resolve, reject) {
      if (window.collegekitSearchIndex) { resolve(); return; }
      var script = document.createElement("script");
      script.src = root + "assets/search-index.js";
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("index")); };
      document.head.appendChild(script);
    });
  }

  var pagefind = null;
  function withPagefind(query) {
    if (!pagefind) {
      pagefind = import(new URL(root + "pagefind/pagefind.js", document.baseURI).href).then(function (module) {
        return module.init().then(function () { return module; });
      });
    }
    return pagefind.then(function (module) { return module.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, LIMIT).map(function (result) { return result.data(); }));
    }).then(function (pages) {
      return pages.map(function (page) {
        var excerpt = new DOMParser().parseFromString(page.excerpt || "", "text/html").body.textContent;
        return { url: page.url.replace(/^\//, ""), title: (page.meta && page.meta.title) || page.url, excerpt: excerpt };
      });
    });
  }

  function run(query) {
    query = query.trim();
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Recherche en cours…";
    var fallback = function () { return loadIndex().then(function () { return fromIndex(query); }); };
    var searching = window.location.protocol === "file:" ? fallback() : withPagefind(query).catch(fallback);
    searching.then(function (results) { show(results, query); }, function () {
      status.textContent = "La recherche n'a pas pu être chargée.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url.href);
    run(input.value);
  });
  var asked = new URL(window.location.href).searchParams.get("q");
  if (asked) { input.value = asked; run(asked); }
})();
