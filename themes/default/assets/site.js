// Dateline default theme: the only script. Print buttons stay hidden until this runs.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}

// Show-password buttons: hidden until this runs, so without script the field is a plain password field.
for (const button of document.querySelectorAll('[data-reveal]')) {
  const input = document.getElementById(button.dataset.reveal);
  if (!input) continue;
  const label = button.firstChild;
  button.hidden = false;
  button.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    label.textContent = show ? 'Hide' : 'Show';
  });
  // Hide it again before sending, so browsers offer to save it as a password.
  input.form?.addEventListener('submit', () => {
    input.type = 'password';
    label.textContent = 'Show';
  });
}
