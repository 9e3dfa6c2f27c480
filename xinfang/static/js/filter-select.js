// A search box above long pick lists (内容分类, 协办单位, 问题属地): typing narrows the options
// to those whose text contains every word typed; the chosen ones always stay visible.
(function () {
  function attach(select) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "filter-select";
    box.placeholder = select.dataset.filter || "输入关键字筛选";
    box.setAttribute("aria-label", (select.labels[0] ? select.labels[0].textContent : "") + " 筛选");
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", () => {
      const words = box.value.trim().split(/\s+/).filter(Boolean);
      select.querySelectorAll("option").forEach((option) => {
        const text = option.textContent;
        const keep = option.selected || words.every((w) => text.includes(w));
        option.hidden = !keep;
      });
      select.querySelectorAll("optgroup").forEach((group) => {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    });
  }
  document.querySelectorAll("select[data-filter]").forEach(attach);
  document.body.addEventListener("htmx:afterSwap", (event) => {
    event.target.querySelectorAll("select[data-filter]").forEach(attach);
  });
})();
