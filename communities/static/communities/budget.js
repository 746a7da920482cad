/* 經費概算表: 數量 × 單價 = 總價, the 二代健保補充保費, the grand total and the remaining amount,
   recomputed as the convenor types. The server recomputes and checks everything again on 儲存;
   this only mirrors its arithmetic (whole dollars, half up), its reading of a typed amount (the
   patterns and limits it hands over in #budget-live-rules) and its messages. */
(function () {
  "use strict";

  var form = document.getElementById("budget-form");
  var rulesNode = document.getElementById("budget-live-rules");
  if (!form || !rulesNode) return;
  var live = JSON.parse(rulesNode.textContent);
  var separators = new RegExp(live.separators, "g");
  var plainNumber = new RegExp(live.number);

  function intOrNull(text) {
    return text === undefined || text === "" ? null : parseInt(text, 10);
  }

  var rateNumerator = intOrNull(form.dataset.rateNumerator) || 0;
  var rateDenominator = intOrNull(form.dataset.rateDenominator) || 1;
  var ceiling = intOrNull(form.dataset.ceiling);
  var memberCount = intOrNull(form.dataset.memberCount) || 0;

  function money(n) {
    var sign = n < 0 ? "-" : "";
    return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  /* Read typed text as the server does (full-width digits and 1,600 allowed; 1e2 is not a
     number there, nor here). rules is live.quantity or live.price: places, max, messages.
     Returns {empty: true}, {error: message} or {scaled: value × 10^places as an integer}. */
  function parse(text, rules) {
    var s = (text || "").normalize("NFKC").replace(separators, "");
    if (s === "") return { empty: true };
    if (!plainNumber.test(s)) return { error: rules.messages.not_a_number };
    var negative = s.charAt(0) === "-";
    var parts = s.replace(/^[+-]/, "").split(".");
    var whole = parts[0] || "0";
    var fraction = (parts[1] || "").replace(/0+$/, "");
    var value = parseFloat(whole + "." + (fraction || "0"));
    if (negative && value !== 0) return { error: rules.messages.negative };
    if (value > parseFloat(rules.max)) return { error: rules.messages.too_large };
    if (fraction.length > rules.places) {
      return { error: rules.places === 0 ? rules.messages.not_whole : rules.messages.too_precise };
    }
    while (fraction.length < rules.places) fraction += "0";
    return {
      scaled: parseInt(whole, 10) * Math.pow(10, rules.places) + (parseInt(fraction || "0", 10) || 0),
    };
  }

  function showMessages(input, list, isError) {
    var box = document.getElementById(input.id + "_error");
    if (!box) return;
    box.textContent = "";
    list.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      box.appendChild(li);
    });
    box.classList.toggle("warning", !isError);
    input.classList.toggle("invalid", isError);
    if (list.length) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function recompute(withMessages) {
    var sum = 0;
    var premiumBase = 0;
    var premiumRow = null;
    form.querySelectorAll("tbody.budget-row").forEach(function (row) {
      if (row.classList.contains("premium")) {
        premiumRow = row;
        return;
      }
      var qInput = row.querySelector('[data-role="quantity"]');
      var pInput = row.querySelector('[data-role="price"]');
      var output = row.querySelector('[data-role="total"]');
      var q = parse(qInput.value, live.quantity);
      var p = parse(pInput.value, live.price);
      var qMessages = q.error ? [q.error] : [];
      var pMessages = p.error ? [p.error] : [];
      var total = null;
      if (!q.error && !p.error && !(q.empty && p.empty)) {
        var tenths = q.empty ? 0 : q.scaled;
        var price = p.empty ? 0 : p.scaled;
        total = Math.floor((tenths * price + 5) / 10);
        var unitCap = intOrNull(row.dataset.unitCap);
        var rowCap = intOrNull(row.dataset.rowCap);
        var name = row.dataset.name;
        if (row.dataset.notAllowed && (tenths || price)) qMessages.push(row.dataset.notAllowed);
        if (tenths && !price) pMessages.push(live.needs_price);
        if (price && !tenths) qMessages.push(live.needs_quantity);
        if (unitCap !== null && price > unitCap) {
          pMessages.push(
            fill(row.dataset.capKind === "fee" ? live.over_fee_cap : live.over_unit_cap, {
              name: name, price: money(price), unit: row.dataset.unit, cap: money(unitCap),
            })
          );
        }
        if (rowCap !== null && total > rowCap) {
          pMessages.push(
            fill(live.over_row_cap, {
              name: name, total: money(total), cap: money(rowCap),
              per: money(intOrNull(row.dataset.perMember) || 0), count: String(memberCount),
            })
          );
        }
      }
      output.textContent = total === null ? "" : money(total);
      if (withMessages) {
        showMessages(qInput, qMessages, Boolean(q.error));
        showMessages(pInput, pMessages, Boolean(p.error));
      }
      sum += total || 0;
      if (row.dataset.premiumBase === "1") premiumBase += total || 0;
    });

    // Half up to whole dollars: floor(base × rate% + ½), in integers.
    var scale = rateDenominator * 100;
    var premium = Math.floor((2 * premiumBase * rateNumerator + scale) / (2 * scale));
    if (premiumRow) {
      premiumRow.querySelector('[data-role="total"]').textContent = money(premium);
      var price = premiumRow.querySelector('[data-role="premium-price"]');
      if (price) price.textContent = money(premium);
      var base = document.getElementById("premium-base");
      if (base) base.textContent = money(premiumBase);
      sum += premium;
    }

    document.getElementById("budget-total").textContent = money(sum);
    if (ceiling !== null) {
      var remaining = document.getElementById("budget-remaining");
      remaining.textContent = money(ceiling - sum);
      remaining.classList.toggle("rule-bad", sum > ceiling);
      if (withMessages) {
        var box = document.getElementById("budget-total_error");
        box.textContent = "";
        if (sum > ceiling) {
          var li = document.createElement("li");
          li.textContent = fill(live.over_ceiling, {
            total: money(sum), ceiling: money(ceiling), over: money(sum - ceiling),
          });
          box.appendChild(li);
        }
      }
    }
  }

  form.addEventListener("input", function () {
    recompute(true);
  });
  // Values kept after a refused 儲存 add up at once; the server's messages stay as they are.
  recompute(false);
})();
