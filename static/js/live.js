// Small live touches on every page: the unread-notifications count in the menu, and a notice on
// a quartier's feed when something new is published there (a link to see it; nothing moves
// under the reader's eyes).
(function () {
  "use strict";
  if (!window.voisinage) { return; }
  var badge = document.getElementById("unread-count");
  // The same count beside the folded menu's button, so a phone shows it too.
  var badges = Array.prototype.slice.call(document.querySelectorAll(".unread-count"));
  // Each event carries the unread count as the server counted it, so every tab shows the same
  // number (one tab marking notifications read updates the others).
  window.voisinage.on("notification.new", function (event) {
    if (!badge) { return; }
    var previous = Number(badge.dataset.count || 0);
    showUnread(typeof event.unread === "number" ? event.unread : previous + 1);
  });
  window.voisinage.on("notifications.count", function (event) {
    if (badge && typeof event.unread === "number") { showUnread(event.unread); }
  });

  function showUnread(count) {
    // The badge's text is what screen readers hear in the menu link: it says the same number,
    // and a hidden badge says nothing.
    // The page wrote both forms, in its language: "(1 unread)" and the plural around 99999.
    var text = count === 1 ? badge.dataset.one : badge.dataset.many.replace("99999", String(count));
    badges.forEach(function (each) {
      each.dataset.count = String(count);
      each.textContent = count > 0 ? text : "";
      each.hidden = count <= 0;
    });
  }
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
