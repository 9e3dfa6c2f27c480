// A refused form comes back with each message beside its field, and on a phone the first may
// be screens below the top: bring it into view and put the cursor in its field.
(function () {
  const first = document.querySelector("form .has-error, form .field p.error");
  if (!first) return;
  const box = first.closest(".has-error, .field");
  const field = box && box.querySelector("input:not([type=hidden]), select, textarea");
  if (field) field.focus({ preventScroll: true });
  first.scrollIntoView({ block: "center" });
})();
