// The inbox's keyboard: j/k move, c clips, d dismisses, l keeps for later, o opens the article.
// Dismiss and later are sent in the background and the item leaves the list; clip submits its form
// (the draft opens). Without this file every action is a plain form.
(() => {
  const list = document.querySelector('[data-inbox]');
  if (!list) return;
  const items = () => [...list.querySelectorAll('[data-item]')];
  let current = 0;
  const select = (index) => {
    const all = items();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    for (const [i, el] of all.entries()) el.classList.toggle('current', i === current);
    all[current].focus({ preventScroll: true });
    all[current].scrollIntoView({ block: 'nearest' });
  };
  const act = async (name) => {
    const item = items()[current];
    const form = item?.querySelector(`form[data-action="${name}"]`);
    if (!form) return;
    if (name === 'clip') {
      item.classList.add('busy');
      form.submit();
      return;
    }
    const response = await fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      form.submit();
      return;
    }
    item.remove();
    select(current);
  };
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest('input, textarea, select, [contenteditable]')) return;
    const keys = {
      j: () => select(current + 1),
      k: () => select(current - 1),
      c: () => act('clip'),
      d: () => act('dismissed'),
      l: () => act('later'),
      o: () => items()[current]?.querySelector('[data-open]')?.click(),
    };
    const fn = keys[event.key];
    if (!fn) return;
    event.preventDefault();
    fn();
  });
  list.addEventListener('click', (event) => {
    const item = event.target.closest('[data-item]');
    if (item) select(items().indexOf(item));
  });
  select(0);
})();
