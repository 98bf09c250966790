// Progressive enhancement only: the desk works without script. Selecting words in the
// draft column fills the "Add a term" form, so a missed name is one selection away.
document.addEventListener("DOMContentLoaded", () => {
  const term = document.getElementById("add-term");
  if (!term) return;
  document.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    const node = selection.anchorNode && selection.anchorNode.parentElement;
    if (!node || !node.closest("td.draft")) return;
    const words = selection.toString().replace(/\s+/g, " ").trim();
    if (words && words.length <= 100) {
      term.value = words;
      term.focus();
    }
  });
});
