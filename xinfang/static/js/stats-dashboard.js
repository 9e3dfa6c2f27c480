// The dashboard's charts: every bar, slice and point opens the petitions behind it.
(function () {
  "use strict";
  // Tooltips are HTML: every name from the data (regions, classes) is escaped before it goes in.
  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }
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
    if (data.map) {
      // Counties coloured by 人次 per 10,000 inhabitants; shapes matched by GB/T 2260 code.
      var byCode = {};
      data.regions.forEach(function (r) { byCode[r.code] = r; });
      // Every county is clickable; one without a population figure stays uncoloured.
      var shown = data.regions;
      var top = Math.max.apply(null, shown.map(function (r) { return r.per_10k || 0; }).concat([1]));
      fetch(data.map).then(function (r) { return r.json(); }).then(function (geo) {
        window.echarts.registerMap("counties", geo);
        chart("chart-map", {
          tooltip: { formatter: function (p) {
            var r = byCode[p.name];
            return r ? esc(r.label) + "：" + esc(r.persons) + "人次，每万人" + (r.per_10k === null ? "—" : esc(r.per_10k)) : esc(p.name);
          } },
          visualMap: { min: 0, max: top, left: 8, bottom: 8, text: ["高", "低"], calculable: false,
            inRange: { color: ["#fdf2f2", "#9b1c1c"] } },
          series: [{ type: "map", map: "counties", nameProperty: "code", roam: false, layoutSize: "95%", labelLayout: { hideOverlap: true },
            label: { show: true, fontSize: 10, formatter: function (p) { return byCode[p.name] ? byCode[p.name].label : ""; } },
            emphasis: { label: { show: true } },
            data: shown.map(function (r) { return { name: r.code, value: r.per_10k }; }) }]
        }, shown);
      });
    }
    var k = data.classes;
    chart("chart-classes", {
      tooltip: { formatter: function (p) { return esc(p.name) + "：" + esc(p.value) + "人次"; } },
      series: [{ type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
        data: k.map(function (r) { return { name: r.label, value: r.persons }; }),
        label: { formatter: "{b}\n{c}" } }]
    }, k);
  });
})();
