// Small behaviours without inline scripts (so a strict content security policy can hold).
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});

// Inline forms (htmx): focus the first field, Escape or "Annuller" closes the form.
function closeInlineForm(form) {
  const slot = form.closest("[data-inline-slot]");
  form.remove();
  if (slot) slot.innerHTML = "";
}
document.addEventListener("click", (event) => {
  const cancel = event.target.closest("[data-inline-cancel]");
  if (cancel && cancel.closest(".inline-form")) {
    event.preventDefault();
    closeInlineForm(cancel.closest(".inline-form"));
  }
});
document.addEventListener("keydown", (event) => {
  const form = event.target.closest && event.target.closest(".inline-form");
  if (event.key === "Escape" && form) closeInlineForm(form);
});
document.addEventListener("htmx:afterSettle", (event) => {
  const field = event.target.querySelector &&
    event.target.querySelector(".inline-form .is-invalid, .inline-form input:not([type=hidden]), .inline-form textarea, .inline-form select");
  if (field) field.focus();
});
