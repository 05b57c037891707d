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

// Copy buttons beside read-only fields (a gift link): hidden until this runs, so without script the
// field is there to select and copy by hand.
for (const button of document.querySelectorAll('[data-copy]')) {
  const input = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!input) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      if (status) status.textContent = 'Copied. Paste it into a message to anyone.';
    } catch {
      if (status) status.textContent = 'The link is selected: copy it with your keyboard or menu.';
    }
  });
}

// A page that waits (a payment being confirmed): asks its address again in the background and goes
// on once it is answered with somewhere else; otherwise only the status's words are replaced, inside
// the same live region, so a screen reader hears the news and nothing else on the page moves.
// Without script, Check again does this by hand.
const waiting = document.querySelector('[data-ask-again]');
if (waiting) askAgainLater(waiting);

function askAgainLater(status) {
  setTimeout(async () => {
    try {
      const answer = await fetch(status.dataset.askAgain, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (answer.redirected) return window.location.assign(answer.url);
      const next = answer.ok && new DOMParser().parseFromString(await answer.text(), 'text/html').getElementById(status.id);
      if (next) {
        status.replaceChildren(...next.childNodes);
        if (!next.dataset.askAgain) return;
        status.dataset.askAgain = next.dataset.askAgain;
        status.dataset.askAfter = next.dataset.askAfter;
      }
    } catch {
      // Offline for a moment: the page stays as it is and asks again.
    }
    askAgainLater(status);
  }, Number(status.dataset.askAfter) * 1000);
}
