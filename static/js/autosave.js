/* Nothing typed is lost. A form marked data-autosave posts what is typed (action=autosave) a
   little after the typing stops and when the page is left; its status line says when it was
   kept. Leaving with unsaved changes asks first. A page loaded before someone else's save is
   told so at once (the server compares the form's version), and keeps its text on screen.
   Without JavaScript the form's own 儲存 works as before. */
(function () {
  "use strict";
  var DELAY = 2000;

  function init(form) {
    // Not form.action: the form's buttons named "action" would shadow it.
    var target = form.getAttribute("action") || window.location.href;
    var status = document.querySelector(form.dataset.autosaveStatus || "[data-autosave-status]");
    var conflict = document.getElementById(form.dataset.autosaveConflict || "autosave-conflict");
    var timer = null;
    var dirty = false;
    var submitting = false;

    function say(text, kind) {
      if (!status) return;
      status.textContent = text;
      status.dataset.kind = kind || "";
    }

    function payload() {
      var data = new FormData(form);
      data.set("action", "autosave");
      // Files are uploaded by their own buttons, never by the autosave.
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
        data.delete(input.name);
      });
      return data;
    }

    function save() {
      timer = null;
      if (!dirty) return;
      dirty = false;
      say(form.dataset.autosaveSaving || "儲存中…", "saving");
      fetch(target, {
        method: "POST",
        body: payload(),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-Autosave": "1" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (answer) {
          say(answer.message, "saved");
          if (answer.stale && conflict) {
            conflict.hidden = false;
            var text = conflict.querySelector("[data-conflict-text]");
            if (text && answer.stale_message) text.textContent = answer.stale_message;
          }
        })
        .catch(function () {
          dirty = true;
          say(form.dataset.autosaveFailed || "無法自動儲存，請稍後按「儲存」。", "failed");
        })
        .finally(function () {
          if (dirty && !timer) timer = window.setTimeout(save, DELAY);
        });
    }

    function changed(event) {
      if (event.target && event.target.type === "file") return;
      dirty = true;
      say(form.dataset.autosaveEditing || "尚未儲存的修改", "editing");
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      submitting = true;
      if (timer) window.clearTimeout(timer);
    });

    window.addEventListener("beforeunload", function (event) {
      if (submitting || !dirty) return;
      // Keep what was typed even if the person leaves anyway.
      if (navigator.sendBeacon) {
        navigator.sendBeacon(target, payload());
      }
      event.preventDefault();
      event.returnValue = "";
    });

    var copy = conflict && conflict.querySelector("[data-copy-text]");
    if (copy) {
      copy.addEventListener("click", function () {
        var parts = [];
        Array.prototype.forEach.call(form.elements, function (field) {
          if (!field.name || field.type === "hidden" || field.type === "file") return;
          if ((field.type === "checkbox" || field.type === "radio") && !field.checked) return;
          if (field.value === "") return;
          var label = field.labels && field.labels[0] ? field.labels[0].textContent.trim() : field.name;
          var value = field.tagName === "SELECT" && field.selectedOptions[0] ? field.selectedOptions[0].textContent : field.value;
          parts.push(label + "：" + value);
        });
        var text = parts.join("\n");
        if (navigator.clipboard) navigator.clipboard.writeText(text);
        copy.textContent = copy.dataset.copied || "已複製";
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), init);
  });
})();
