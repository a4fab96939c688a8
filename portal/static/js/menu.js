// On a phone the main menu and the search filters fold behind a button; without this script everything is shown.
(function () {
  "use strict";
  var toggles = document.querySelectorAll(".fold-toggle");
  Array.prototype.forEach.call(toggles, function (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });
  });
})();
