/* 社群申請書: the 經費概算表 section shows as soon as 是否申請經費 is 是 and hides on 否 (without
   JavaScript the page shows it after 儲存). */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  var section = form && form.querySelector("[data-budget-section]");
  if (!section) return;

  function update() {
    var chosen = form.querySelector("input[name=requests_budget]:checked");
    section.hidden = !(chosen && chosen.value === "True");
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "requests_budget") update();
  });
  update();
})();

/* 社群成員: a partner school ticked (or found by search and ticked) is offered at once in every
   member row's 學校, and one unticked is taken away where no row has chosen it (a row that had
   chosen it keeps it, and 儲存 says the school is no longer a partner). Without JavaScript the
   rows offer it after 儲存. */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) return;

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name !== "partner_schools" || !box.value) return;
    var selects = form.querySelectorAll("select[name^='members-'][name$='-school']");
    Array.prototype.forEach.call(selects, function (select) {
      var option = null;
      Array.prototype.forEach.call(select.options, function (each) {
        if (each.value === box.value) option = each;
      });
      if (box.checked && !option) {
        var name = box.getAttribute("data-name") || box.parentNode.textContent.trim();
        select.add(new Option(name, box.value));
      } else if (!box.checked && option && !option.selected) {
        option.remove();
      }
    });
  });
})();
