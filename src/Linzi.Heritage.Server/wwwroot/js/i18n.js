// Every visible string in both languages (strings/zh.js, strings/en.js); Chinese by default, the choice kept in
// localStorage.
// Markup opts in with data-i18n (text), data-i18n-label (aria-label), data-i18n-placeholder and data-i18n-title.
import zh from './strings/zh.js';
import en from './strings/en.js';

const strings = { zh, en };

const listeners = [];
let current = localStorage.getItem('linzi.lang') === 'en' ? 'en' : 'zh';

export const lang = () => current;

/**
 * Adds a page's own strings (the administration page keeps its many in strings/admin-*.js, so that the phone page
 * does not carry them). Keys must not clash with the shared ones.
 */
export function addStrings(more) {
  for (const language of Object.keys(strings)) Object.assign(strings[language], more[language] ?? {});
}


/** The string for key in the current language, with {name} placeholders filled. Unknown keys show themselves. */
export function t(key, vars) {
  const text = strings[current][key] ?? strings.zh[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? '')) : text;
}

/** A site's name in the current language; the id when the site is unknown. */
export function siteName(sites, id) {
  const site = sites.find((s) => s.id === id);
  return site ? (current === 'en' ? site.nameEn : site.nameZh) : id;
}

/** A translation when one exists (kinds, metrics, events), else the raw value. */
export const tOr = (key, fallback) => (key in strings[current] ? strings[current][key] : fallback);

/** Translates the marked elements under root. */
export function applyI18n(root = document) {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder)));
  root.querySelectorAll('[data-i18n-title]').forEach((el) => el.setAttribute('title', t(el.dataset.i18nTitle)));
}

export function onLangChange(listener) { listeners.push(listener); }

export function setLang(value) {
  current = value === 'en' ? 'en' : 'zh';
  localStorage.setItem('linzi.lang', current);
  applyI18n();
  listeners.forEach((listener) => listener(current));
}

/** Wires a button that flips between the two languages. */
export function bindLangSwitch(button) {
  // The button names the other language in that language, so screen readers should read it in that language.
  const mark = () => button.setAttribute('lang', current === 'zh' ? 'en' : 'zh-CN');
  button.addEventListener('click', () => { setLang(current === 'zh' ? 'en' : 'zh'); mark(); });
  mark();
}

// Dates always show in China Standard Time, whatever the device's own zone.
const formats = {};
function format(kind) {
  const key = current + kind;
  formats[key] ??= new Intl.DateTimeFormat(current === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    hourCycle: 'h23',
    ...(kind === 'time' ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  });
  return formats[key];
}

/** An RFC 3339 time as a Shanghai date and time. */
export const fmtDateTime = (iso) => (iso ? format('full').format(new Date(iso)) : t('common.none'));

/** An RFC 3339 time as a Shanghai time of day. */
export const fmtTime = (iso) => (iso ? format('time').format(new Date(iso)) : t('common.none'));

/** Seconds as a short duration: 45 s, 12 min, 3.5 h. */
export function fmtSeconds(seconds) {
  if (seconds == null) return t('common.none');
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export const fmtNumber = (value, digits = 2) => (value == null ? t('common.none') : Number(value).toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits }));

applyI18n();
