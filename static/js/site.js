/* Site-wide behaviour, each part optional: without JavaScript every page works as before.
   - A confirmation (form.confirm-form) is sent once: after the first click its buttons are
     disabled, so a double click makes one request (the server refuses a second one anyway). */
(function () {
  "use strict";

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
