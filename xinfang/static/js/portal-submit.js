// Disable the button on submit: a double click sends one form (the server dedupes anyway).
(function () {
  const form = document.getElementById("submit-form");
  if (!form) return;
  form.addEventListener("submit", () => {
    document.getElementById("submit-button").disabled = true;
  });
})();
