// Gloss admin, every page: small progressive enhancements. The admin works without this file.
(() => {
  // After signing in again, the form kept from an ended session goes out at once.
  const kept = document.querySelector('form[data-autosubmit]');
  if (kept) kept.submit();

  // Buttons that destroy ask first: data-confirm="Delete for good?"
  document.addEventListener('submit', (event) => {
    const submitter = event.submitter;
    const message = submitter?.dataset?.confirm ?? event.target.dataset?.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // "Select all" checkboxes for bulk actions: data-select-all="name of the row checkboxes".
  for (const box of document.querySelectorAll('input[data-select-all]')) {
    const name = box.dataset.selectAll;
    const rows = () => document.querySelectorAll(`input[type="checkbox"][name="${name}"]`);
    box.addEventListener('change', () => {
      for (const row of rows()) row.checked = box.checked;
    });
  }

  // Copy buttons: data-copy="#id of the input to copy".
  for (const button of document.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', async () => {
      const input = document.querySelector(button.dataset.copy);
      if (!input) return;
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = 'Copied';
      } catch {
        document.execCommand('copy');
      }
    });
  }
})();
