// Progressive enhancement: a Leaflet map that fills the latitude/longitude fields when clicked,
// and shows the quartiers listed on the page. Without JavaScript, or when the map tiles cannot
// load, the fields can still be typed in: nothing depends on the map.
(function () {
  "use strict";
  var element = document.querySelector("[data-map]");
  if (!element || typeof window.L === "undefined") { return; }
  var latInput = document.getElementById(element.dataset.latitudeInput);
  var lngInput = document.getElementById(element.dataset.longitudeInput);
  var start = [46.6, 2.4], zoom = 5;  // France
  if (latInput && lngInput && latInput.value && lngInput.value) {
    start = [parseFloat(latInput.value), parseFloat(lngInput.value)]; zoom = 13;
  }
  element.hidden = false;
  var note = document.querySelector(".map-note");
  if (note) { note.hidden = false; }
  var map = L.map(element).setView(start, zoom);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap"
  }).addTo(map);
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
  }
  if (zoom === 13) { place(start); }
  map.on("click", function (event) {
    if (!latInput || !lngInput) { return; }
    latInput.value = event.latlng.lat.toFixed(5);
    lngInput.value = event.latlng.lng.toFixed(5);
    place(event.latlng);
  });
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
