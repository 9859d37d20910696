// The college's site: the plan filters. Without this script every action is shown.
(function () {
  "use strict";
  document.querySelectorAll("form[data-filter-table]").forEach(function (form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    var status = document.getElementById(form.getAttribute("data-filter-table") + "-count");
    if (!table) { return; }
    var selects = form.querySelectorAll("select[data-filter]");
    function apply() {
      var shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var visible = true;
        selects.forEach(function (select) {
          var wanted = select.value;
          if (!wanted) { return; }
          var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          if (values.indexOf(wanted) < 0) { visible = false; }
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (status) { status.textContent = shown + (shown > 1 ? " actions affichées." : " action affichée."); }
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
  });
})();
