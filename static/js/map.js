// Progressive enhancement: a Leaflet map, an aid only. On a form it shows the place found for
// the words typed, and a click chooses a point there (static/js/places.js fills the fields the
// server reads); on a list it shows the quartiers listed. Without JavaScript, without map tiles
// (the site may have none), or when they do not load, the words typed are enough.
(function () {
  "use strict";
  var element = document.querySelector("[data-map]");
  var places = window.voisinagePlaces;
  if (!element || typeof window.L === "undefined" || !places) { return; }
  var prefix = element.dataset.placeMap;
  var form = element.closest("form");
  var start = [46.6, 2.4], zoom = 5;  // France
  var known = prefix && form ? places.coordinates(form, prefix) : null;
  var centre = (element.dataset.centre || "").split(",").map(parseFloat);
  if (known) { start = known; zoom = 13; } else if (centre.length === 2 && !isNaN(centre[0])) {
    start = centre; zoom = 13;
  }
  element.hidden = false;
  var note = element.parentNode.querySelector(".map-note");
  if (note && prefix) { note.hidden = false; }
  var map = L.map(element).setView(start, zoom);
  places.addTiles(map, element);
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
  }
  if (zoom === 13) { place(start); }
  if (prefix && form) {
    map.on("click", function (event) {
      places.choose(form, prefix, event.latlng.lat, event.latlng.lng, element.dataset.mapLabel);
    });
    form.addEventListener("place:chosen", function (event) {
      if (event.detail.prefix !== prefix) { return; }
      var latlng = [event.detail.latitude, event.detail.longitude];
      place(latlng);
      map.setView(latlng, Math.max(map.getZoom(), 13));
    });
  }
  var bounds = [];
  document.querySelectorAll("[data-latitude][data-longitude]").forEach(function (card) {
    var point = [parseFloat(card.dataset.latitude), parseFloat(card.dataset.longitude)];
    // A text node, never a string: Leaflet would insert a string as HTML.
    L.circleMarker(point, { radius: 8 }).addTo(map)
      .bindTooltip(document.createTextNode(card.dataset.name));
    bounds.push(point);
  });
  if (bounds.length && zoom !== 13) { map.fitBounds(bounds, { maxZoom: 14, padding: [20, 20] }); }
})();
