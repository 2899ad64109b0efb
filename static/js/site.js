// Small comforts when JavaScript runs; every page works without it.
(function () {
  "use strict";
  // After a refused form, move the focus to the list of errors so a screen reader reads it
  // and a keyboard user starts from there.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
})();
