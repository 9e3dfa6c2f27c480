// Registration form: add and remove petitioner rows; Ctrl+Enter opens the review step.
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

  // Ctrl+Enter never saves by itself: it shows what is about to be registered, and only
  // 确认保存 (or the form's own 保存登记 button) sends it.
  const review = document.getElementById("review");
  const facts = document.getElementById("review-facts");

  function shown(id) {
    const field = form.querySelector("#" + id);
    if (!field) return "";
    if (field.tagName === "SELECT") return field.selectedIndex > 0 ? field.options[field.selectedIndex].text.trim() : "";
    return field.value.trim();
  }

  function openReview() {
    const names = Array.from(people.querySelectorAll("[data-person]:not([hidden]) input[name$='-name']"))
      .map((el) => el.value.trim()).filter(Boolean);
    const flags = Array.from(form.querySelectorAll(".flags input[type=checkbox]:checked"))
      .map((el) => el.closest("label").textContent.trim());
    const rows = [
      ["信访形式", shown("id_channel")], ["收到日期", shown("id_received_on")],
      ["问题属地", shown("id_region")], ["信访人", names.join("、") || "（匿名）"],
      ["标题", shown("id_title")], ["内容分类", shown("id_content_class")],
      ["标记", flags.join("、")], ["关联事项", shown("id_repeat_of")],
    ];
    facts.replaceChildren();
    rows.forEach(([label, value]) => {
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = label;
      dd.textContent = value || "—";
      facts.append(dt, dd);
    });
    review.showModal();
    document.getElementById("review-save").focus();
  }

  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      openReview();
    }
  });
  document.getElementById("review-save").addEventListener("click", () => {
    review.close();
    form.requestSubmit();
  });
  document.getElementById("review-back").addEventListener("click", () => review.close());
})();

// Suggestions panel (insight): link a suggested matter as a repeat, or rule it out.
(function () {
  const form = document.getElementById("register-form");
  const panel = document.getElementById("insight");
  if (!form || !panel) return;
  panel.addEventListener("click", (event) => {
    const link = event.target.closest("[data-link-repeat]");
    if (link) {
      form.querySelector("#id_repeat_of").value = link.dataset.linkRepeat;
      htmx.trigger(panel, "refresh");
      return;
    }
    const dismiss = event.target.closest("[data-dismiss-repeat]");
    if (dismiss) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "dismissed";
      input.value = dismiss.dataset.dismissRepeat;
      document.getElementById("dismissed-repeats").appendChild(input);
      const field = form.querySelector("#id_repeat_of");
      const card = dismiss.closest(".candidate-actions").previousElementSibling;
      if (card && field.value === card.dataset.matter) field.value = "";
      htmx.trigger(panel, "refresh");
      return;
    }
    const klass = event.target.closest("[data-choose-class]");
    if (klass) {
      form.querySelector("#id_content_class").value = klass.dataset.chooseClass;
      htmx.trigger(panel, "refresh");
    }
  });
})();
