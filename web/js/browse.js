// Categories and all services: the server sends every service with its state; this keeps the states live.
import { every, initPage, stateBadge, status } from './common.js';
import { onLangChange } from './i18n.js';

initPage();
let last = null;

function render() {
  if (!last) return;
  for (const s of last.services) {
    const link = document.querySelector(`a.service-link[href="/s/${CSS.escape(s.slug)}"]`);
    const old = link?.querySelector('.badge');
    if (old) old.replaceWith(stateBadge(s.state, !!s.regionalProblems));
  }
}

every(60_000, async () => { last = await status(true); render(); });
onLangChange(render);
