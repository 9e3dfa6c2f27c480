// Step page: a suggested responsible unit fills the unit field with one click.
(function () {
  const panel = document.getElementById("routes");
  if (!panel) return;
  panel.addEventListener("click", (event) => {
    const button = event.target.closest("[data-choose-unit]");
    if (button) document.getElementById("id_unit").value = button.dataset.chooseUnit;
  });
})();
