// Places named in words, when JavaScript runs. Without it the server looks the words up and, when
// they may mean several places, asks which one with radio buttons (neighbourhood/places/forms.py).
// With it, each address field becomes a combobox (the ARIA 1.2 pattern: a text box that controls
// a list of options, arrow keys to move, Enter to choose, Escape to close) that suggests places
// as one types, from the site's own /places/suggest/; choosing one fills the hidden fields the
// server reads, so it takes the place without asking again. It also lends the maps
// (static/js/rides.js, static/js/map.js) their tiles and a way to choose a place by a click.
(function () {
  "use strict";
  var DELAY = 250, MIN_LENGTH = 3;

  function hidden(form, prefix, name) {
    return form.querySelector('input[type="hidden"][name="' + prefix + "_" + name + '"]');
  }

  // Where the chosen place is, from its hidden field ("latitude;longitude;ref;label"), or null.
  function coordinates(form, prefix) {
    var chosen = hidden(form, prefix, "place");
    var checked = form.querySelector('input[type="radio"][name="' + prefix + '_place"]:checked');
    var value = chosen ? chosen.value : (checked ? checked.value : "");
    var parts = value.split(";");
    var lat = parseFloat(parts[0]), lng = parseFloat(parts[1]);
    return isNaN(lat) || isNaN(lng) ? null : [lat, lng];
  }

  function announce(form, prefix, latitude, longitude) {
    form.dispatchEvent(new CustomEvent("place:chosen", {
      detail: { prefix: prefix, latitude: latitude, longitude: longitude }
    }));
  }

  // A click on a map: the place is there, called by the words typed (or "chosen on the map").
  function choose(form, prefix, latitude, longitude, fallbackLabel) {
    var input = form.querySelector('input[data-place="' + prefix + '"]');
    var chosen = hidden(form, prefix, "place"), query = hidden(form, prefix, "query");
    if (!input || !chosen || !query) { return; }
    if (!input.value.trim()) { input.value = fallbackLabel || ""; }
    chosen.value = latitude.toFixed(6) + ";" + longitude.toFixed(6) + ";;" + input.value.trim();
    chosen.dataset.source = "map";
    query.value = input.value.trim();
    announce(form, prefix, latitude, longitude);
  }

  // The site's tiles, and a sentence when they do not load: the form works without the map.
  function addTiles(map, element) {
    var note = element.parentNode.querySelector(".map-failed");
    var attribution = document.createElement("span");
    attribution.textContent = element.dataset.attribution || "";
    var layer = window.L.tileLayer(element.dataset.tiles, {
      maxZoom: 19, attribution: attribution.innerHTML
    });
    layer.once("tileerror", function () {
      if (note) { note.textContent = note.dataset.failed; }
      element.classList.add("map--failed");
    });
    layer.addTo(map);
    return layer;
  }

  function setUp(input, number) {
    var form = input.form, prefix = input.dataset.place;
    if (!form) { return; }
    var chosen = hidden(form, prefix, "place"), query = hidden(form, prefix, "query");
    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = (input.id || "place-" + number) + "-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.sayList || "");
    list.hidden = true;
    wrapper.appendChild(list);
    // A live region (not role=status: the page's own messages have that role).
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var results = [], active = -1, timer = null, asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function pick(index) {
      var result = results[index];
      if (!result) { return; }
      input.value = result.label;
      if (chosen && query) {
        chosen.value = result.value;
        chosen.dataset.source = "suggestion";
        query.value = result.label;
      }
      close();
      status.textContent = "";
      announce(form, prefix, result.latitude, result.longitude);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(found, message) {
      results = found;
      list.textContent = "";
      found.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.display;  // text, never HTML
        // Pressing the option would take the focus from the text box before the click.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { pick(i); });
        list.appendChild(option);
      });
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = found.length === 1 ? input.dataset.sayOne :
          (input.dataset.sayMany || "").replace("%(count)s", String(found.length));
      } else {
        close();
        status.textContent = message || input.dataset.sayNone || "";
      }
    }

    function ask() {
      var words = input.value.trim();
      if (words.length < MIN_LENGTH) { show([], ""); return; }
      var url = input.dataset.suggest;
      url += (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(words);
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (mine !== asked) { return; }  // a later question is on its way
          show(answer.results || [], answer.message);
        })
        .catch(function () {
          if (mine === asked) { show([], input.dataset.sayDown); }
        });
    }

    input.addEventListener("input", function () {
      if (chosen && query) {
        if (chosen.dataset.source === "map" && chosen.value) {
          // A point of the map keeps its place; the words become its name.
          chosen.value = chosen.value.split(";").slice(0, 3).join(";") + ";" + input.value.trim();
          query.value = input.value.trim();
        } else {
          chosen.value = "";
          query.value = "";
        }
      }
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && results.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();  // choose, do not send the form yet
        pick(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("input[data-place][data-suggest]").forEach(setUp);
  window.voisinagePlaces = { addTiles: addTiles, choose: choose, coordinates: coordinates };
})();
