// Registration form: add and remove petitioner rows, submit with Ctrl+Enter.
(function () {
  const form = document.getElementById("register-form");
  if (!form) return;
  const people = document.getElementById("people");
  const template = document.getElementById("person-template");
  const total = form.querySelector("#id_petitioners-TOTAL_FORMS");

  function renumber() {
    people.querySelectorAll("[data-person-index]").forEach((el, i) => { el.textContent = i + 1; });
  }

  document.getElementById("add-person").addEventListener("click", () => {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, index).replace(/__n__/g, index + 1);
    people.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    renumber();
    const added = people.lastElementChild;
    added.querySelector("input[type=text]").focus();
  });

  people.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-person]");
    if (!button) return;
    const row = button.closest("[data-person]");
    if (people.querySelectorAll("[data-person]").length <= 1) return;
    // Blank the row instead of renumbering the formset: blank rows are ignored on save.
    row.querySelectorAll("input, select").forEach((el) => {
      if (el.type === "checkbox") el.checked = false; else if (el.tagName === "INPUT") el.value = "";
    });
    row.hidden = true;
    renumber();
  });

  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
