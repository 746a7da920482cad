/* Site-wide behaviour, each part optional: without JavaScript every page works as before.
   - A confirmation (form.confirm-form) is sent once: after the first click its buttons are
     disabled, so a double click makes one request (the server refuses a second one anyway).
   - A wide table's own scrolling box (.table-scroll) that does scroll can be reached and
     scrolled with the keyboard. */
(function () {
  "use strict";

  function scrollableByKeyboard() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var table = box.querySelector("table");
          var caption = table && table.querySelector("caption");
          var heading = box.closest("section, .card");
          heading = heading && heading.querySelector("h2, h3");
          box.setAttribute(
            "aria-label",
            (caption || heading || { textContent: document.title }).textContent.trim()
          );
        }
      } else if (box.getAttribute("tabindex") === "0" && box.dataset.keepTab !== "1") {
        box.removeAttribute("tabindex");
      }
    });
  }
  scrollableByKeyboard();
  window.addEventListener("resize", scrollableByKeyboard);
  document.addEventListener("htmx:afterSettle", scrollableByKeyboard);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("confirm-form")) return;
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    // After this event: the pressed button's name=value must still be sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });
})();
