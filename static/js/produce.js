// The order form, when JavaScript runs: the total of the quantities typed follows each change.
// Without it the form works the same; the page states the total saved after each post.
(function () {
  "use strict";
  var form = document.querySelector("[data-order-form]");
  var output = form ? form.querySelector("[data-order-total]") : null;
  if (!form || !output) { return; }
  var inputs = form.querySelectorAll("input[data-price-cents]");
  var separator = output.dataset.decimalSeparator || ".";

  // As the page writes amounts (the `euros` filter): "10,50 €" in French, "10.50 €" in English.
  function euros(cents) {
    return (cents / 100).toFixed(2).replace(".", separator) + " €";
  }

  function update() {
    var cents = 0, weighed = false;
    inputs.forEach(function (input) {
      var quantity = parseInt(input.value, 10);
      if (!(quantity > 0)) { return; }
      // A weighed product is priced by the kilo once weighed: it is left out, and said so.
      if (input.dataset.weighed) { weighed = true; return; }
      cents += quantity * parseInt(input.dataset.priceCents, 10);
    });
    var text = output.dataset.template.replace("%(amount)s", euros(cents));
    if (weighed) { text += " " + output.dataset.weighedNote; }
    output.textContent = text;
    output.hidden = false;
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();

// A report file being prepared, when JavaScript runs: rather than the whole page refreshing
// (what it does without a script, through its <noscript> refresh), its status is asked for
// again in the background and only the live status changes, which a screen reader reads out;
// once the file is ready the browser goes to it.
(function () {
  "use strict";
  var status = document.querySelector("[data-report-preparing]");
  if (!status || !window.fetch) { return; }
  var wait = 1000 * (parseInt(status.dataset.retrySeconds, 10) || 2);

  function ask() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (response.status !== 202) {  // the file (or a refusal): the browser takes it from here
          window.location.reload();
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) { return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-report-preparing]");
        if (fresh && fresh.innerHTML !== status.innerHTML) { status.innerHTML = fresh.innerHTML; }
        window.setTimeout(ask, wait);
      })
      .catch(function () { window.setTimeout(ask, wait); });
  }
  window.setTimeout(ask, wait);
})();
