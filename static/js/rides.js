// Carpooling forms, when JavaScript runs. Every form works without it: the fields of both kinds
// are shown, places are typed in words, and the ride's page states the suggested contribution.
// With it: only the fields of the chosen kind show, typing a weekday's time ticks the weekday,
// the meeting points chosen as departure or arrival leave the "Passing by" list, a small map per
// place shows it (and a click chooses a point), and the suggested contribution follows the
// route. The address suggestions come from static/js/places.js, loaded before this file.
(function () {
  "use strict";
  var form = document.querySelector("[data-ride-form]");
  if (!form) { return; }
  var pointsScript = document.getElementById("meeting-points");
  var points = pointsScript ? JSON.parse(pointsScript.textContent) : [];
  var pointsById = {};
  points.forEach(function (point) { pointsById[String(point.id)] = point; });

  function field(name) { return form.querySelector('[name="' + name + '"]'); }

  // Once or every week: show the fields of the chosen kind only.
  function showKind() {
    var chosen = form.querySelector('input[name="kind"]:checked');
    form.querySelectorAll("[data-kind-only]").forEach(function (section) {
      section.hidden = Boolean(chosen) && section.dataset.kindOnly !== chosen.value;
    });
  }
  form.querySelectorAll('input[name="kind"]').forEach(function (input) {
    input.addEventListener("change", showKind);
  });
  showKind();

  // A time typed for a weekday means the driver leaves that day.
  form.querySelectorAll(".weekday").forEach(function (row) {
    var box = row.querySelector('input[type="checkbox"]');
    var time = row.querySelector('input[type="time"]');
    if (!box || !time) { return; }
    time.addEventListener("change", function () { if (time.value) { box.checked = true; } });
  });

  // The meeting points the ride starts or ends at are not offered again under "Passing by".
  function hideEnds() {
    var ends = ["origin", "destination"].map(function (prefix) {
      var select = field(prefix);
      return select ? select.value : "";
    });
    var boxes = form.querySelectorAll('input[name="via"]'), offered = 0;
    boxes.forEach(function (box) {
      var isEnd = box.value !== "" && ends.indexOf(box.value) !== -1;
      if (isEnd) { box.checked = false; } else { offered += 1; }
      (box.closest("label") || box.parentNode).hidden = isEnd;
    });
    // No meeting point left to pass by: the whole question goes.
    var group = boxes.length ? boxes[0].closest(".field") : null;
    if (group) { group.hidden = offered === 0; }
  }
  ["origin", "destination"].forEach(function (prefix) {
    var select = field(prefix);
    if (select) { select.addEventListener("change", hideEnds); }
  });
  hideEnds();

  // Where a place is: its meeting point if one is chosen, else the place its words were found.
  var places = window.voisinagePlaces;
  function placeOf(prefix) {
    var select = field(prefix);
    if (select && select.value && pointsById[select.value]) {
      var point = pointsById[select.value];
      return [point.latitude, point.longitude];
    }
    return places ? places.coordinates(form, prefix) : null;
  }

  // The same geometry as exchanges/rides/routes.py: haversine, meeting points in the order the
  // driver meets them, about 6 cents a kilometre and seat rounded to 50 cents.
  function km(a, b) {
    var rad = Math.PI / 180, dlat = (b[0] - a[0]) * rad, dlng = (b[1] - a[1]) * rad;
    var h = Math.pow(Math.sin(dlat / 2), 2) +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.pow(Math.sin(dlng / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function along(p, start, end) {
    var cos = Math.cos(start[0] * Math.PI / 180);
    var px = (p[1] - start[1]) * cos, py = p[0] - start[0];
    var ex = (end[1] - start[1]) * cos, ey = end[0] - start[0];
    var length2 = ex * ex + ey * ey;
    return length2 ? Math.min(1, Math.max(0, (px * ex + py * ey) / length2)) : 0;
  }
  var suggestion = form.querySelector("[data-suggestion]");
  function suggest() {
    if (!suggestion) { return; }
    var origin = placeOf("origin"), destination = placeOf("destination");
    if (!origin || !destination) { suggestion.hidden = true; return; }
    var stops = [];
    form.querySelectorAll('input[name="via"]:checked').forEach(function (box) {
      var point = pointsById[box.value];
      if (point) { stops.push([point.latitude, point.longitude]); }
    });
    stops.sort(function (a, b) { return along(a, origin, destination) - along(b, origin, destination); });
    var route = [origin].concat(stops, [destination]), total = 0;
    for (var i = 1; i < route.length; i++) { total += km(route[i - 1], route[i]); }
    var cents = Math.max(50, Math.round(total * 0.06 * 2) * 50);
    var amount = (cents / 100).toLocaleString(document.documentElement.lang || undefined,
      { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    suggestion.textContent = suggestion.dataset.template.replace("%(amount)s", amount);
    suggestion.hidden = false;
  }
  form.addEventListener("change", suggest);
  form.addEventListener("input", suggest);
  suggest();

  // A map per place, an aid only: a click on a meeting point chooses it; a click elsewhere
  // chooses that point (named by the words typed); the place found for the words shows.
  if (typeof window.L === "undefined" || !places) { return; }
  var centre = (form.dataset.centre || "").split(",").map(parseFloat);
  form.querySelectorAll("[data-ride-map]").forEach(function (element) {
    var prefix = element.dataset.placeMap;
    var select = field(prefix);
    element.hidden = false;
    var note = element.parentNode.querySelector(".map-note");
    if (note) { note.hidden = false; }
    var start = centre.length === 2 && !isNaN(centre[0]) ? centre : [46.6, 2.4];
    var map = L.map(element).setView(start, centre.length === 2 ? 13 : 5);
    places.addTiles(map, element);
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    }
    var typed = placeOf(prefix);
    if (typed) { place(typed); map.setView(typed, 14); }
    points.forEach(function (point) {
      // A text node, never a string: Leaflet would insert a string as HTML.
      L.circleMarker([point.latitude, point.longitude], { radius: 8 }).addTo(map)
        .bindTooltip(document.createTextNode(point.name))
        .on("click", function (event) {
          L.DomEvent.stopPropagation(event);
          if (select) { select.value = String(point.id); hideEnds(); }
          place([point.latitude, point.longitude]);
          suggest();
        });
    });
    map.on("click", function (event) {
      if (select) { select.value = ""; hideEnds(); }
      places.choose(form, prefix, event.latlng.lat, event.latlng.lng, element.dataset.mapLabel);
    });
    form.addEventListener("place:chosen", function (event) {
      if (event.detail.prefix !== prefix) { return; }
      var latlng = [event.detail.latitude, event.detail.longitude];
      place(latlng);
      map.setView(latlng, Math.max(map.getZoom(), 14));
      suggest();
    });
  });
})();
