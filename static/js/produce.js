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
