// Small live touches on every page: the unread-notifications count in the menu, and a notice on
// a quartier's feed when something new is published there (a link to see it; nothing moves
// under the reader's eyes).
(function () {
  "use strict";
  if (!window.voisinage) { return; }
  var badge = document.getElementById("unread-count");
  window.voisinage.on("notification.new", function () {
    if (!badge) { return; }
    var count = Number(badge.dataset.count || 0) + 1;
    badge.dataset.count = String(count);
    badge.hidden = false;
    badge.textContent = badge.dataset.template.replace("%(count)s", String(count));
  });
  var feed = document.querySelector("[data-feed-quartier]");
  var notice = document.getElementById("feed-news");
  if (feed && notice) {
    // Back after a cut: if the newest entry is not the one the page shows, say so.
    window.voisinage.on("reconnected", function () {
      fetch(feed.dataset.feedApi, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (page) {
          var newest = page && page.results.length ? String(page.results[0].id) : "";
          if (newest && newest !== feed.dataset.newest) { announce(); }
        });
    });
    window.voisinage.on("feed.entry", function (event) {
      if (String(event.quartier) === feed.dataset.feedQuartier) { announce(); }
    });
  }

  function announce() {
    if (notice.firstChild) { return; }
    // The status region is on the page from the start, so screen readers announce this.
    var link = document.createElement("a");
    link.href = notice.dataset.href;
    link.textContent = notice.dataset.text;
    notice.className = "alert alert--info";
    notice.appendChild(link);
  }
})();
