// Small comforts when JavaScript runs; every page works without it.
(function () {
  "use strict";
  // After a refused form, move the focus to the list of errors so a screen reader reads it
  // and a keyboard user starts from there.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

  // The menu (a <details>, which opens without a script): on a wide screen it is always open;
  // on a phone, Escape or a tap elsewhere folds it again and the focus goes back to its button.
  var menu = document.querySelector("[data-menu]");
  if (!menu) { return; }
  var button = menu.querySelector("summary");
  var wide = window.matchMedia("(min-width: 48rem)");
  function fit() { if (wide.matches) { menu.open = true; } }
  fit();
  if (wide.addEventListener) { wide.addEventListener("change", fit); }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      button.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !wide.matches && !menu.contains(event.target)) { menu.open = false; }
  });
})();
