// The dashboard's charts: every bar, slice and point opens the petitions behind it.
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }
  ready(function () {
    var node = document.getElementById("stats-data");
    if (!node || !window.echarts) return;
    var data = JSON.parse(node.textContent);
    function chart(id, option, rows) {
      var el = document.getElementById(id);
      if (!el) return;
      var c = window.echarts.init(el, null, { renderer: "svg" });
      c.setOption(option);
      c.on("click", function (p) { var row = rows[p.dataIndex]; if (row && row.url) window.location.href = row.url; });
      window.addEventListener("resize", function () { c.resize(); });
    }
    var t = data.trend;
    chart("chart-trend", {
      tooltip: { trigger: "axis" }, legend: { data: [data.year + "年", (data.year - 1) + "年"] },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: t.map(function (r) { return r.label; }) },
      yAxis: { type: "value", name: "人次" },
      series: [
        { name: data.year + "年", type: "bar", data: t.map(function (r) { return r.persons; }), itemStyle: { color: "#9b1c1c" } },
        { name: (data.year - 1) + "年", type: "line", data: t.map(function (r) { return r.last; }), itemStyle: { color: "#616e7c" } }
      ]
    }, t);
    var g = data.regions.slice().reverse();
    chart("chart-regions", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 90, right: 30, top: 10, bottom: 24 },
      xAxis: { type: "value", name: "人次" },
      yAxis: { type: "category", data: g.map(function (r) { return r.label; }) },
      series: [{ type: "bar", data: g.map(function (r) { return r.persons; }), itemStyle: { color: "#1d4ed8" }, label: { show: true, position: "right" } }]
    }, g);
    var k = data.classes;
    chart("chart-classes", {
      tooltip: { formatter: "{b}：{c}人次" },
      series: [{ type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
        data: k.map(function (r) { return { name: r.label, value: r.persons }; }),
        label: { formatter: "{b}\n{c}" } }]
    }, k);
  });
})();
