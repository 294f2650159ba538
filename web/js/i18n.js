// Every text of the pages, in English and French, and the Intl formatters for the viewer's locale and time zone.

const TEXTS = {
  en: {
    'lang.switch': 'Français',
    'lang.switchLabel': 'Lire en français',
    'nav.home': 'Home', 'nav.map': 'Live map', 'nav.about': 'How it works',
    'skip': 'Skip to content',
    'demo': 'Demo data: these reports and outages are simulated, not real.',
    'tagline': 'Is it down for everyone, or just for me? Reports from people, compared with what is usual.',
    'search.label': 'Find a service', 'search.placeholder': 'WhatsApp, ChatGPT, your bank…',
    'search.none': 'No service matches “{q}”.',
    'now.title': 'Problems right now', 'now.none': 'No service has unusual reports right now.',
    'now.reporters': '{n} people reported in the last {m} minutes (usually {e})',
    'popular.title': 'Popular services',
    'worldmap.title': 'Where people report problems now',
    'worldmap.note': 'Countries are coloured by how far reports are above their usual level, not by raw counts.',
    'state.ok': 'No problem detected', 'state.possible': 'Possible problems', 'state.outage': 'Outage',
    'state.regional': 'Regional problems', 'state.resolved': 'Resolved', 'state.unknown': 'Status unknown',
    'level.none': 'usual', 'level.low': 'slightly above usual', 'level.elevated': 'well above usual', 'level.outage': 'outage',
    'legend.title': 'Reports compared with usual',
    'map.regions': 'Areas above their usual level', 'map.noRegions': 'No area is above its usual level.',
    'map.unavailable': 'The regional breakdown is not available yet; showing outage areas only.',
    'map.loading': 'Loading the map…', 'map.failed': 'The map could not be loaded.',
    'map.filter': 'Service', 'map.all': 'All services', 'map.updated': 'Updated {time}',
    'map.fewer': 'fewer than 5',
    'service.notFound': 'We do not know this service.', 'service.notFoundHint': 'Search for it on the home page.',
    'service.report': 'I have a problem with {name}',
    'service.which': 'What is wrong? (optional, adds to your report)', 'service.skip': 'Skip',
    'service.where': 'Where are you? (optional)', 'service.placeLabel': 'Town or region',
    'service.placePlaceholder': 'Start typing a town…', 'service.useLocation': 'Use my location',
    'service.locationConsent': 'Your browser will ask first. We turn the position into a region and never store the coordinates.',
    'service.locationDenied': 'Location is not available; pick a place or skip.',
    'service.send': 'Send report', 'service.sendNoPlace': 'Send without a place', 'service.sending': 'Sending…',
    'service.thanks': 'Thank you, your report is counted.',
    'service.thanksRepeat': 'You already reported recently; it is counted once.',
    'service.others': '{n} people reported a problem with {name} in the last 15 minutes.',
    'service.others1': 'You are the only person who reported a problem with {name} in the last 15 minutes.',
    'service.failed': 'The report could not be sent: {detail}',
    'service.again': 'Back',
    'service.refinedProblem': 'Added to your report: {problem}.', 'service.refinedAlready': 'Your report already names a problem.',
    'service.refinedPlace': 'Added to your report: {place}.', 'service.refinedPlaceNot': 'Your report already has a region, or this place is in another country; it stays as it was.',
    'service.refineFailed': 'This could not be added: {detail}',
    'service.stateLine': '{n} people reported in the last {m} minutes (usually {e}).',
    'usual.lessThanOne': 'less than one', 'usual.about': 'about {n}',
    'error.generic': 'something went wrong; try again.', 'error.network': 'no connection; try again.',
    'error.challenge': 'the check against automated reports did not pass; try again.',
    'error.tooMany': 'too many reports from your connection; wait a minute.',
    'error.unavailable': 'the server is busy; try again in a moment.', 'error.notFound': 'it is no longer open to changes.',
    'service.works': 'It works for me', 'service.worksThanks': 'Thank you. {n} people said {name} works for them in the last 15 minutes.', 'service.worksCount': '{n} people said it works for them in the last 15 minutes.',
    'incidents.title': 'Outages that go together', 'spillover.label': 'Probably spillover:',
    'service.chart': 'Reports in the last 24 hours',
    'service.chartNote': 'Bars: people reporting per 15 minutes. Grey band: the usual range for this time of the week. Shaded: outages.',
    'service.chartEmpty': 'No reports in the last 24 hours.',
    'service.chartLegendReports': 'Reporters', 'service.chartLegendUsual': 'Usual', 'service.chartLegendLow': 'Usual, low', 'service.chartLegendHigh': 'Usual, high',
    'service.problems': 'Most reported problems', 'service.problemsNone': 'No problems reported in the last 24 hours.',
    'service.map': 'Where it is reported', 'service.history': 'Outages in the last 30 days',
    'service.historyNone': 'No outage in the last 30 days.',
    'service.statusPage': 'Official status page of {name}', 'service.homepage': 'Website',
    'service.notify': 'Tell me when it is back', 'service.notifyOn': 'We will notify you here when it is resolved (keep this tab open).',
    'service.notifyDenied': 'Notifications are blocked in this browser.', 'service.backTitle': '{name} is back',
    'service.backBody': 'Outcry no longer sees unusual reports.',
    'service.okBanner': 'No problem detected with {name}: reports are at their usual level.',
    'service.possibleBanner': 'Possible problems with {name}.',
    'service.outageBanner': 'Outage: {name} has far more reports than usual.',
    'service.regionalBanner': 'Regional problems with {name}: {areas}.',
    'service.seeOutage': 'Details of this outage',
    'outage.notFound': 'We do not know this outage.', 'outage.chart': 'Reports around the outage',
    'outage.map': 'Where it was reported', 'outage.started': 'Started', 'outage.confirmed': 'Confirmed',
    'outage.ended': 'Ended', 'outage.ongoing': 'Ongoing', 'outage.duration': 'Duration',
    'outage.peak': 'Peak', 'outage.peakValue': '{o} reporters at {time} (usually {e})',
    'outage.reporters': 'Distinct reporters', 'outage.problems': 'Reported problems',
    'outage.scope': 'Area', 'outage.world': 'Everywhere', 'outage.share': 'Share this page', 'outage.copied': 'Link copied',
    'outage.service': 'All about {name}',
    'history.item': '{start} · {duration}', 'history.ongoing': 'ongoing',
    'error.load': 'Could not load: {what}.', 'loading': 'Loading…',
    'footer.attribution': 'Boundaries: Natural Earth. Places: GeoNames (CC BY 4.0). IP data: NRO (CC BY 4.0).',
    'footer.privacy': 'No IP address or coordinates are stored.',
    'about.title': 'How Outcry works',
  },
  fr: {
    'lang.switch': 'English',
    'lang.switchLabel': 'Read in English',
    'nav.home': 'Accueil', 'nav.map': 'Carte en direct', 'nav.about': 'Fonctionnement',
    'skip': 'Aller au contenu',
    'demo': 'Données de démonstration : ces signalements et pannes sont simulés, pas réels.',
    'tagline': 'Est-ce en panne pour tout le monde ou seulement pour moi ? Des signalements comparés à ce qui est habituel.',
    'search.label': 'Trouver un service', 'search.placeholder': 'WhatsApp, ChatGPT, votre banque…',
    'search.none': 'Aucun service ne correspond à « {q} ».',
    'now.title': 'Problèmes en ce moment', 'now.none': 'Aucun service n’a de signalements inhabituels en ce moment.',
    'now.reporters': '{n} personnes ont signalé un problème ces {m} dernières minutes (habituellement {e})',
    'popular.title': 'Services populaires',
    'worldmap.title': 'Où l’on signale des problèmes maintenant',
    'worldmap.note': 'Les pays sont colorés selon l’écart des signalements à leur niveau habituel, pas selon leur nombre brut.',
    'state.ok': 'Aucun problème détecté', 'state.possible': 'Problèmes possibles', 'state.outage': 'Panne',
    'state.regional': 'Problèmes régionaux', 'state.resolved': 'Résolue', 'state.unknown': 'État inconnu',
    'level.none': 'habituel', 'level.low': 'un peu au-dessus de l’habituel', 'level.elevated': 'nettement au-dessus de l’habituel', 'level.outage': 'panne',
    'legend.title': 'Signalements par rapport à l’habituel',
    'map.regions': 'Zones au-dessus de leur niveau habituel', 'map.noRegions': 'Aucune zone n’est au-dessus de son niveau habituel.',
    'map.unavailable': 'Le détail par région n’est pas encore disponible ; seules les zones en panne sont montrées.',
    'map.loading': 'Chargement de la carte…', 'map.failed': 'La carte n’a pas pu être chargée.',
    'map.filter': 'Service', 'map.all': 'Tous les services', 'map.updated': 'Mis à jour à {time}',
    'map.fewer': 'moins de 5',
    'service.notFound': 'Nous ne connaissons pas ce service.', 'service.notFoundHint': 'Cherchez-le sur la page d’accueil.',
    'service.report': 'J’ai un problème avec {name}',
    'service.which': 'Qu’est-ce qui ne va pas ? (facultatif, s’ajoute à votre signalement)', 'service.skip': 'Passer',
    'service.where': 'Où êtes-vous ? (facultatif)', 'service.placeLabel': 'Ville ou région',
    'service.placePlaceholder': 'Commencez à taper une ville…', 'service.useLocation': 'Utiliser ma position',
    'service.locationConsent': 'Votre navigateur vous demandera d’abord. Nous changeons la position en région et ne gardons jamais les coordonnées.',
    'service.locationDenied': 'Position indisponible ; choisissez un lieu ou passez.',
    'service.send': 'Envoyer le signalement', 'service.sendNoPlace': 'Envoyer sans lieu', 'service.sending': 'Envoi…',
    'service.thanks': 'Merci, votre signalement est compté.',
    'service.thanksRepeat': 'Vous avez déjà signalé récemment ; il n’est compté qu’une fois.',
    'service.others': '{n} personnes ont signalé un problème avec {name} ces 15 dernières minutes.',
    'service.others1': 'Vous êtes la seule personne à avoir signalé un problème avec {name} ces 15 dernières minutes.',
    'service.failed': 'Le signalement n’a pas pu être envoyé : {detail}',
    'service.again': 'Retour',
    'service.refinedProblem': 'Ajouté à votre signalement : {problem}.', 'service.refinedAlready': 'Votre signalement nomme déjà un problème.',
    'service.refinedPlace': 'Ajouté à votre signalement : {place}.', 'service.refinedPlaceNot': 'Votre signalement a déjà une région, ou ce lieu est dans un autre pays ; il reste tel quel.',
    'service.refineFailed': 'Impossible d’ajouter cela : {detail}',
    'service.stateLine': '{n} personnes ont signalé un problème ces {m} dernières minutes (habituellement {e}).',
    'usual.lessThanOne': 'moins d’une', 'usual.about': 'environ {n}',
    'error.generic': 'un problème est survenu ; réessayez.', 'error.network': 'pas de connexion ; réessayez.',
    'error.challenge': 'la vérification contre les signalements automatiques n’a pas abouti ; réessayez.',
    'error.tooMany': 'trop de signalements depuis votre connexion ; attendez une minute.',
    'error.unavailable': 'le serveur est occupé ; réessayez dans un instant.', 'error.notFound': 'il n’est plus modifiable.',
    'service.works': 'Ça marche pour moi', 'service.worksThanks': 'Merci. {n} personnes ont dit que {name} marche pour elles ces 15 dernières minutes.', 'service.worksCount': '{n} personnes ont dit que ça marche pour elles ces 15 dernières minutes.',
    'incidents.title': 'Pannes liées', 'spillover.label': 'Sans doute par contagion :',
    'service.chart': 'Signalements des dernières 24 heures',
    'service.chartNote': 'Barres : personnes signalant par 15 minutes. Bande grise : l’intervalle habituel à ce moment de la semaine. Zones ombrées : pannes.',
    'service.chartEmpty': 'Aucun signalement ces dernières 24 heures.',
    'service.chartLegendReports': 'Signalements', 'service.chartLegendUsual': 'Habituel', 'service.chartLegendLow': 'Habituel, bas', 'service.chartLegendHigh': 'Habituel, haut',
    'service.problems': 'Problèmes les plus signalés', 'service.problemsNone': 'Aucun problème signalé ces dernières 24 heures.',
    'service.map': 'Où c’est signalé', 'service.history': 'Pannes des 30 derniers jours',
    'service.historyNone': 'Aucune panne ces 30 derniers jours.',
    'service.statusPage': 'Page d’état officielle de {name}', 'service.homepage': 'Site web',
    'service.notify': 'Prévenez-moi quand ça revient', 'service.notifyOn': 'Nous vous préviendrons ici quand ce sera résolu (gardez cet onglet ouvert).',
    'service.notifyDenied': 'Les notifications sont bloquées dans ce navigateur.', 'service.backTitle': '{name} fonctionne à nouveau',
    'service.backBody': 'Outcry ne voit plus de signalements inhabituels.',
    'service.okBanner': 'Aucun problème détecté avec {name} : les signalements sont à leur niveau habituel.',
    'service.possibleBanner': 'Problèmes possibles avec {name}.',
    'service.outageBanner': 'Panne : {name} reçoit bien plus de signalements que d’habitude.',
    'service.regionalBanner': 'Problèmes régionaux avec {name} : {areas}.',
    'service.seeOutage': 'Détails de cette panne',
    'outage.notFound': 'Nous ne connaissons pas cette panne.', 'outage.chart': 'Signalements autour de la panne',
    'outage.map': 'Où elle a été signalée', 'outage.started': 'Début', 'outage.confirmed': 'Confirmée',
    'outage.ended': 'Fin', 'outage.ongoing': 'En cours', 'outage.duration': 'Durée',
    'outage.peak': 'Pic', 'outage.peakValue': '{o} personnes à {time} (habituellement {e})',
    'outage.reporters': 'Personnes distinctes', 'outage.problems': 'Problèmes signalés',
    'outage.scope': 'Zone', 'outage.world': 'Partout', 'outage.share': 'Partager cette page', 'outage.copied': 'Lien copié',
    'outage.service': 'Tout sur {name}',
    'history.item': '{start} · {duration}', 'history.ongoing': 'en cours',
    'error.load': 'Chargement impossible : {what}.', 'loading': 'Chargement…',
    'footer.attribution': 'Frontières : Natural Earth. Lieux : GeoNames (CC BY 4.0). Données IP : NRO (CC BY 4.0).',
    'footer.privacy': 'Aucune adresse IP ni coordonnée n’est conservée.',
    'about.title': 'Comment fonctionne Outcry',
  },
};

const ABOUT = {
  en: [
    { title: 'How Outcry works', paragraphs: [
      'Outcry counts people who say a service is not working for them, and compares that count with what is usual for that service at that time of the week. It calls something an outage only when the gap is too large to be chance.',
    ] },
    { title: 'What “usual” means', paragraphs: [
      'For every service, and for every country and region with enough reports, Outcry learns the usual number of people reporting for each minute of the week from past weeks. Monday morning is compared with past Monday mornings, not with Sunday night. Past outages are left out so that they do not raise the usual level.',
      'Crowd reports vary much more than a simple coin-toss model would say, so the model is a negative binomial distribution whose spread is measured from each service’s own history. While history is short, the usual level borrows from the parent area and from similar services.',
    ] },
    { title: 'When it says “possible problems” and “outage”', paragraphs: [
      'Every minute a sequential test accumulates evidence that reports are above their usual level. A small, short rise is forgotten; a clear, lasting one raises an early warning (“possible problems”) and then a confirmed outage. The outage ends when reports have been back to usual for a while.',
      'Only distinct people count: pressing the button a hundred times counts once. A minimum number of reporters is required before anything is declared, and with thousands of services and regions watched at once the rate of false alarms is controlled across all of them.',
    ] },
    { title: 'Limits, honestly', paragraphs: [], items: [
      'People report what they notice: a problem with your phone network may look like a problem with the app you were using.',
      'Small services get few reports, so their counts are noisy and Outcry is slower and less sure about them.',
      'An early warning can be dismissed when reports fall back before it is confirmed; it was a real rise, but not a proven outage.',
      'Reports say something is wrong for people, not why. Outcry does not know what the company knows; check its official status page too.',
    ] },
    { title: 'Privacy', paragraphs: [
      'Outcry stores no IP address and no coordinates. Your address is turned into a country and into a hash with a salt that changes every day and is erased the day after, so yesterday’s reports cannot be linked to today’s. If you share your position, it is turned into a region and dropped. No account, no cookie for tracking; your language choice stays in your browser.',
      'Maps never show an exact count below 5 for an area: they show “fewer than 5” instead.',
    ] },
    { title: 'Sources', paragraphs: [
      'Boundaries: Natural Earth. Places: GeoNames (CC BY 4.0). IP data: NRO (CC BY 4.0).',
      'Maps are drawn with Leaflet and charts with uPlot, served by Outcry itself.',
    ] },
  ],
  fr: [
    { title: 'Comment fonctionne Outcry', paragraphs: [
      'Outcry compte les personnes qui disent qu’un service ne marche pas pour elles, et compare ce nombre à ce qui est habituel pour ce service à ce moment de la semaine. Il ne parle de panne que lorsque l’écart est trop grand pour être dû au hasard.',
    ] },
    { title: 'Ce que « habituel » veut dire', paragraphs: [
      'Pour chaque service, et pour chaque pays et région ayant assez de signalements, Outcry apprend des semaines passées le nombre habituel de personnes qui signalent, minute par minute de la semaine. Le lundi matin est comparé aux lundis matin précédents, pas au dimanche soir. Les pannes passées sont écartées pour ne pas gonfler le niveau habituel.',
      'Les signalements d’une foule varient bien plus qu’un simple modèle de hasard ne le dirait : le modèle est donc une loi binomiale négative dont la dispersion est mesurée sur l’historique de chaque service. Tant que l’historique est court, le niveau habituel emprunte à la zone parente et aux services semblables.',
    ] },
    { title: 'Quand il annonce « problèmes possibles » et « panne »', paragraphs: [
      'Chaque minute, un test séquentiel accumule les indices que les signalements dépassent leur niveau habituel. Une petite hausse brève est oubliée ; une hausse nette et durable déclenche une alerte précoce (« problèmes possibles »), puis une panne confirmée. La panne se termine quand les signalements sont revenus à la normale depuis un moment.',
      'Seules les personnes distinctes comptent : appuyer cent fois sur le bouton compte une fois. Un nombre minimal de personnes est exigé avant toute annonce, et comme des milliers de services et de régions sont surveillés à la fois, le taux de fausses alertes est contrôlé sur l’ensemble.',
    ] },
    { title: 'Les limites, honnêtement', paragraphs: [], items: [
      'On signale ce que l’on remarque : un problème de réseau mobile peut ressembler à une panne de l’application utilisée à ce moment-là.',
      'Les petits services reçoivent peu de signalements : leurs chiffres sont bruités et Outcry est plus lent et moins sûr à leur sujet.',
      'Une alerte précoce peut être abandonnée si les signalements retombent avant confirmation : la hausse était réelle, mais la panne n’est pas prouvée.',
      'Les signalements disent que quelque chose ne va pas pour les gens, pas pourquoi. Outcry ne sait pas ce que sait l’entreprise : consultez aussi sa page d’état officielle.',
    ] },
    { title: 'Vie privée', paragraphs: [
      'Outcry ne conserve ni adresse IP ni coordonnées. Votre adresse est transformée en pays et en empreinte avec un sel qui change chaque jour et est effacé le lendemain : les signalements d’hier ne peuvent pas être reliés à ceux d’aujourd’hui. Si vous partagez votre position, elle est transformée en région puis oubliée. Pas de compte, pas de cookie de pistage ; votre choix de langue reste dans votre navigateur.',
      'Les cartes ne montrent jamais un nombre exact inférieur à 5 pour une zone : elles affichent « moins de 5 ».',
    ] },
    { title: 'Sources', paragraphs: [
      'Frontières : Natural Earth. Lieux : GeoNames (CC BY 4.0). Données IP : NRO (CC BY 4.0).',
      'Les cartes sont dessinées avec Leaflet et les graphiques avec uPlot, servis par Outcry lui-même.',
    ] },
  ],
};

/** The sections of the About page in the current language. */
export function about() { return ABOUT[lang]; }

const KEY = 'outcry.lang';
const listeners = [];

function initialLang() {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'fr') return saved;
  } catch (e) { /* storage may be disabled */ }
  const nav = (navigator.language || 'en').toLowerCase();
  return nav.startsWith('fr') ? 'fr' : 'en';
}

export let lang = initialLang();

export function t(key, vars = {}) {
  const s = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** Picks the viewer's language from an {en, fr} object sent by the server. */
export function pick(obj) {
  if (obj == null) return '';
  if (typeof obj === 'string') return obj;
  return obj[lang] ?? obj.en ?? '';
}

export function setLang(next) {
  lang = next;
  try { localStorage.setItem(KEY, next); } catch (e) { /* ignore */ }
  applyTexts(document);
  listeners.forEach((fn) => fn(lang));
}

export function onLangChange(fn) { listeners.push(fn); }

/** Fills every element marked data-i18n (text) and data-i18n-placeholder / data-i18n-label (attributes). */
export function applyTexts(root) {
  document.documentElement.lang = lang;
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nLabel)); });
  if (document.body.dataset.titleKey) document.title = `${t(document.body.dataset.titleKey)} · Outcry`;
}

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** The viewer's own locale when it speaks the chosen language (en-US keeps its date order), else a default. */
function locale() {
  const nav = navigator.language || '';
  return nav.toLowerCase().startsWith(lang) ? nav : (lang === 'fr' ? 'fr-FR' : 'en-GB');
}

export function fmtNumber(n, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}
/** The usual count in words: "less than one" below 1, else "about n" (one decimal below 10). */
export function fmtUsual(expected) {
  if (expected < 1) return t('usual.lessThanOne');
  return t('usual.about', { n: fmtNumber(expected, expected < 10 ? 1 : 0) });
}
export function fmtTime(iso) {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}
export function fmtDateTime(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
export function fmtDuration(seconds) {
  const minutes = Math.max(1, Math.round(seconds / 60));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const unit = (value, u) => new Intl.NumberFormat(locale(), { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (h === 0) return unit(m, 'minute');
  return m === 0 ? unit(h, 'hour') : `${unit(h, 'hour')} ${unit(m, 'minute')}`;
}
