// Small behaviours without inline scripts (so a strict content security policy can hold).
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
