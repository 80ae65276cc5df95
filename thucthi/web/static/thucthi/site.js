// Site-wide behaviour, loaded with `defer`; every page works without it. No inline scripts or
// handlers, so a strict Content-Security-Policy ("script-src 'self'") holds.
(function () {
  "use strict";

  // Folding menu on narrow screens: the menu is open without JavaScript; with it, the button
  // appears (CSS shows it only on narrow screens) and folds the menu until pressed.
  var toggle = document.querySelector(".menu-toggle");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    toggle.hidden = false;
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // A print button (data-print) exists only where JavaScript can press it.
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Irreversible actions ask first: a submit button (or its form) carrying data-confirm="question?"
  // submits only after the user agrees, and then says so with confirmed=1, which the server asks
  // for on the actions that cannot be undone (without JavaScript it shows its own confirmation page).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter || null;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!question) { return; }
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var flag = form.querySelector('input[name="confirmed"]');
    if (!flag) {
      flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirmed";
      form.appendChild(flag);
    }
    flag.value = "1";
  });
})();
