// On a phone a list table (table.grid.cases) shows each row as a card, each value beside its
// column's heading (xinfang.css reads it from data-label). The headings are written once, in
// the table's head; this copies them onto the cells, also of rows htmx brings in later.
(function () {
  function label(root) {
    const tables = root.matches && root.matches("table.grid.cases")
      ? [root] : root.querySelectorAll("table.grid.cases");
    for (const table of tables) {
      const heads = [];
      for (const th of table.querySelectorAll("thead tr:first-child th")) {
        for (let i = 0; i < (th.colSpan || 1); i++) heads.push(th.textContent.trim());
      }
      for (const row of table.querySelectorAll("tbody tr")) {
        let column = 0;
        for (const cell of row.children) {
          // A row's checkbox (td.pick) sits in the card's corner, unlabelled; a cell across
          // several columns is a row's detail or an empty list's message, not one value.
          const bare = cell.classList.contains("pick") || cell.classList.contains("empty")
            || cell.colSpan > 1;
          if (!bare && !cell.hasAttribute("data-label") && heads[column]) {
            cell.dataset.label = heads[column];
          }
          column += cell.colSpan || 1;
        }
      }
    }
  }
  label(document);
  document.addEventListener("htmx:afterSettle", (event) => label(event.target));
})();
