// Data-entry grid: Enter or ArrowDown moves to the same column of the next row, ArrowUp to the
// row above, so a column of figures can be typed without the mouse. No dependencies.
(function () {
  "use strict";
  var grid = document.querySelector(".entry-grid");
  if (!grid) { return; }
  grid.addEventListener("keydown", function (event) {
    var cell = event.target;
    if (!cell.dataset || cell.dataset.col === undefined) { return; }
    var down = event.key === "Enter" || (event.key === "ArrowDown" && cell.tagName !== "SELECT");
    var up = event.key === "ArrowUp" && cell.tagName !== "SELECT";
    if (!down && !up) { return; }
    var row = cell.closest("tr");
    var next = down ? row.nextElementSibling : row.previousElementSibling;
    if (!next) { return; }
    var target = next.querySelector('[data-col="' + cell.dataset.col + '"]');
    if (target) { event.preventDefault(); target.focus(); if (target.select) { target.select(); } }
  });
})();
