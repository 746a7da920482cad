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
