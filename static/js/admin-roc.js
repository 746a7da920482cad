/* The center's rule pages show dates in 民國 (e.g. 109/09/15) beside the admin's Gregorian ones:
   after each date input (updated as it is typed or picked from the calendar), and in the lists
   and read-only fields. */
(function () {
  "use strict";
  var WRITTEN = [
    /(\d{4})[-/](\d{1,2})[-/](\d{1,2})/, // 2020/09/15 or 2020-09-15, as the inputs take it
    /(\d{4})年(\d{1,2})月(\d{1,2})日/, // 2020年9月15日, as zh-hant shows it
  ];

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function roc(text) {
    for (var i = 0; i < WRITTEN.length; i++) {
      var m = WRITTEN[i].exec(text || "");
      if (m) {
        var year = parseInt(m[1], 10) - 1911;
        if (year > 0) return year + "/" + pad(parseInt(m[2], 10)) + "/" + pad(parseInt(m[3], 10));
      }
    }
    return "";
  }

  function label(text) {
    var day = roc(text);
    return day ? "民國 " + day : "";
  }

  function watch(input) {
    var shown = document.createElement("span");
    shown.className = "roc-date";
    shown.setAttribute("aria-live", "polite");
    var anchor = input.nextElementSibling && input.nextElementSibling.classList.contains("datetimeshortcuts")
      ? input.nextElementSibling
      : input;
    anchor.insertAdjacentElement("afterend", shown);
    function update() {
      shown.textContent = label(input.value);
    }
    ["input", "change", "blur", "focus"].forEach(function (name) {
      input.addEventListener(name, update);
    });
    // The admin's calendar sets the value without an event of its own.
    document.addEventListener("click", function () {
      window.setTimeout(update, 0);
    });
    update();
  }

  function besideText(cell) {
    if (cell.dataset.roc === "1") return;
    var day = label(cell.textContent);
    if (!day) return;
    cell.dataset.roc = "1";
    var shown = document.createElement("span");
    shown.className = "roc-date";
    shown.textContent = day;
    cell.appendChild(shown);
  }

  function start() {
    window.setTimeout(function () {
      document.querySelectorAll("input.vDateField").forEach(watch);
      document.querySelectorAll("#result_list td, #result_list th, div.readonly").forEach(besideText);
    }, 0);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
