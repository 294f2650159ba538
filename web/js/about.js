// About: how detection works, its limits, privacy and attributions; the words live in i18n.js.
import { clear, el, initPage } from './common.js';
import { about, onLangChange } from './i18n.js';

initPage();
function render() {
  const main = clear(document.getElementById('about'));
  for (const [i, section] of about().entries()) {
    main.append(el(i === 0 ? 'h1' : 'h2', { text: section.title }));
    for (const p of section.paragraphs) main.append(el('p', { text: p }));
    if (section.items) main.append(el('ul', {}, ...section.items.map((item) => el('li', { text: item }))));
  }
}
render();
onLangChange(render);
