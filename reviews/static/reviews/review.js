// The 審查表's weighted total, recomputed as the reviewer types (the server computes it again).
(function () {
  const form = document.getElementById("review-form");
  const out = document.getElementById("weighted-total");
  if (!form || !out) return;
  function update() {
    let points = 0, weights = 0, complete = true;
    form.querySelectorAll("input.score").forEach(function (input) {
      const weight = Number(input.dataset.weight), max = Number(input.dataset.max);
      const text = input.value.trim();
      const score = Number(text);
      if (text === "" || !Number.isInteger(score) || score < 0 || score > max) { complete = false; return; }
      points += score / max * weight;
      weights += weight;
    });
    out.textContent = complete && weights ? (Math.round(points / weights * 1000) / 10).toFixed(1) : "—";
  }
  form.addEventListener("input", update);
  update();
})();
