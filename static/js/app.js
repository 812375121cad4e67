// Small behaviours without inline scripts (so a strict content security policy can hold).
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});

// Inline forms (htmx): focus the first field, Escape or "Annuller" closes the form.
// The link that opened the inline form takes the focus back when the form closes unsaved.
let inlineOpener = null;
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail && event.detail.elt;
  if (elt && elt.matches && elt.matches("[hx-get]")) inlineOpener = elt;
});
function closeInlineForm(form) {
  const slot = form.closest("[data-inline-slot]");
  const section = form.closest("section, article");
  form.remove();
  if (slot) slot.innerHTML = "";
  if (inlineOpener && inlineOpener.isConnected) {
    inlineOpener.focus();
  } else if (section) {
    const heading = section.querySelector("h2, h3, h4");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }
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

// After an inline save (htmx swaps the whole section): the saved row takes the focus, or the
// section's heading after a delete, so the keyboard stays where it was; the live region tells
// screen readers what happened. The server names both in HX-Trigger-After-Settle.
document.addEventListener("inline-saved", (event) => {
  const detail = event.detail || {};
  const section = detail.section && document.getElementById(detail.section);
  let target = detail.row && document.querySelector(`[data-row="${CSS.escape(detail.row)}"]`);
  if (!target && section) target = section.querySelector("h2, h3, h4") || section;
  if (target) {
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }
  const live = document.getElementById("live-status");
  if (live && detail.message) {
    live.textContent = "";
    // A fresh text node after a tick is announced even when the same text comes twice.
    window.setTimeout(() => { live.textContent = detail.message; }, 50);
    window.clearTimeout(live.clearTimer);
    live.clearTimer = window.setTimeout(() => { live.textContent = ""; }, 10000);
  }
});

// A table of contents' link to a closed <details> section opens it.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#"]');
  const target = link && link.hash.length > 1 && document.getElementById(link.hash.slice(1));
  if (target && target.tagName === "DETAILS") target.open = true;
});
