// Dateline default theme: the only script. Print buttons stay hidden until this runs.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
