// The campaign board's weekly progress: 积案 resolved so far (bars) and still open (line).
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }
  ready(function () {
    var node = document.getElementById("campaign-data");
    var el = document.getElementById("chart-progress");
    if (!node || !el || !window.echarts) return;
    var data = JSON.parse(node.textContent);
    var weeks = data.weeks;
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["累计化解", "尚未化解"] },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: weeks.map(function (w) { return w.label; }) },
      yAxis: { type: "value", name: "件", max: data.listed || null },
      series: [
        { name: "累计化解", type: "bar", data: weeks.map(function (w) { return w.resolved; }), itemStyle: { color: "#2b8a3e" } },
        { name: "尚未化解", type: "line", data: weeks.map(function (w) { return w.remaining; }), itemStyle: { color: "#9b1c1c" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
