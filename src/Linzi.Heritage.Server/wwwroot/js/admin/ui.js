// Small DOM helpers shared by the administration sections: elements, labelled fields with an error slot, the API's
// field errors shown next to their inputs, the page's status line, tables, one-time secrets and confirmations.
// Text always goes in as text (never HTML): names and messages come from users and files.
import { t, applyI18n } from '../i18n.js';
import { ApiError } from '../session.js';

/** el('button', { type: 'button', dataset: { id } }, 'text', child…) */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'i18n') element.dataset.i18n = value;
    else if (key in element && typeof value !== 'string') element[key] = value;
    else if (key === 'className' || key === 'textContent' || key === 'value' || key === 'type') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  element.append(...children.flat().filter((c) => c != null && c !== false));
  return element;
}

let fieldCount = 0;

/**
 * A labelled input with a slot for its error. spec: { name (the API's field path, e.g. condition.value), label
 * (i18n key), type (text, number, select, multiple, textarea, checkbox, time, datetime-local, file), options
 * ([value, label] with label an i18n key when it contains a dot and no spaces, else shown as is), attrs }.
 */
export function field(spec) {
  const id = `f${++fieldCount}`;
  const { name, label, type = 'text', options = [], attrs = {} } = spec;
  let input;
  if (type === 'select' || type === 'multiple') {
    input = el('select', { id, name, multiple: type === 'multiple', ...attrs });
    setOptions(input, options);
  } else if (type === 'textarea') {
    input = el('textarea', { id, name, ...attrs });
  } else {
    input = el('input', { id, name, type, ...attrs });
  }
  const error = el('p', { className: 'field-error', id: `${id}-error` });
  input.setAttribute('aria-describedby', error.id);
  const caption = el('label', { for: id, i18n: label }, t(label));
  const wrapper = el('div', { className: `field field-${type}`, dataset: { field: name } });
  if (type === 'checkbox') wrapper.append(el('span', {}, input, ' ', caption), error);
  else wrapper.append(caption, input, error);
  return wrapper;
}

const isKey = (text) => typeof text === 'string' && /^[a-zA-Z]+\.[\w.>=<-]+$/.test(text);

/** Fills a select's options, keeping its selection. */
export function setOptions(select, options) {
  const keep = [...select.selectedOptions].map((o) => o.value);
  select.replaceChildren(...options.map(([value, label]) => new Option(isKey(label) ? t(label) : label, value)));
  for (const option of select.options) option.selected = keep.includes(option.value);
}

/** The input of a field by its API name. */
export const input = (form, name) => form.querySelector(`[data-field="${CSS.escape(name)}"] :is(input, select, textarea)`);

/** Reads a field: numbers as numbers (empty → undefined), multiple selects and comma lists as arrays. */
export function read(form, name, kind) {
  const element = input(form, name);
  if (!element) return undefined;
  if (element.type === 'checkbox') return element.checked;
  if (element.multiple) return [...element.selectedOptions].map((o) => o.value);
  const text = element.value.trim();
  if (kind === 'list') return text ? text.split(/[,，\s]+/).filter(Boolean) : [];
  if (element.type === 'number' || kind === 'number') return text === '' ? undefined : Number(text);
  return text === '' ? undefined : text;
}

/** Writes a field (arrays into multiple selects or comma lists). */
export function write(form, name, value) {
  const element = input(form, name);
  if (!element) return;
  if (element.type === 'checkbox') element.checked = Boolean(value);
  else if (element.multiple) for (const option of element.options) option.selected = (value ?? []).includes(option.value);
  else element.value = Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** Clears the errors shown in a form. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const message = form.querySelector('.form-message');
  if (message) message.textContent = '';
}

/**
 * Shows a refusal in place: each problem+json `errors` key next to the field of that name (or its nearest named
 * parent: condition.signals[1].op, then condition.signals[1], then condition.signals), the rest in the form's
 * message; focuses the first bad field. Returns the text for the status line.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const errors = error instanceof ApiError ? error.problem?.errors : null;
  const loose = [];
  let first = null;
  if (errors && !Array.isArray(errors)) {
    for (const [key, messages] of Object.entries(errors)) {
      const text = [messages].flat().join(' ');
      const slot = slotFor(form, key);
      if (slot) {
        const p = slot.querySelector(':scope > .field-error, .field-error');
        p.textContent = p.textContent ? `${p.textContent} ${text}` : text;
        const control = slot.querySelector('input, select, textarea');
        control?.setAttribute('aria-invalid', 'true');
        first ??= control;
      } else {
        loose.push(`${key}: ${text}`);
      }
    }
  }
  const message = form.querySelector('.form-message');
  if (message && (loose.length || !errors)) message.textContent = loose.length ? loose.join(' ') : problemText(error);
  first?.focus();
  return problemText(error);
}

function slotFor(form, key) {
  const candidates = [key];
  for (let k = key; /[.[]/.test(k);) {
    k = k.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    candidates.push(k);
  }
  for (const candidate of candidates) {
    const slot = [...form.querySelectorAll('[data-field]')].find((f) => f.dataset.field.toLowerCase() === candidate.toLowerCase());
    if (slot) return slot;
  }
  return null;
}

/** A refusal as one line: the problem's title, detail and field errors. */
export function problemText(error) {
  if (!(error instanceof ApiError)) return t('common.error', { message: error?.message ?? String(error) });
  const p = error.problem ?? {};
  const errors = p.errors && !Array.isArray(p.errors) ? Object.entries(p.errors).map(([k, v]) => `${k}: ${[v].flat().join(' ')}`) : [];
  const parts = [p.title, p.detail, ...errors].filter(Boolean);
  return t('admin.refused', { status: error.status, reason: parts.join(' — ') || `HTTP ${error.status}` });
}

/** The page's status line (role=status, aria-live): every action's result and every refusal's reason. */
export function status(message, kind = 'good') {
  const region = document.getElementById('status');
  region.textContent = message;
  region.dataset.kind = kind;
}

/** Runs an action, reporting success or the server's reason on the status line. */
export async function attempt(action, done) {
  try {
    const result = await action();
    if (done) status(typeof done === 'function' ? done(result) : done, 'good');
    return result;
  } catch (error) {
    status(problemText(error), 'bad');
    throw error;
  }
}

/** Asks before something that cannot be undone. */
export const confirmed = (key, vars) => window.confirm(t(key, vars));

/** Fills a table: headings are i18n keys; a cell is text, a Node, or [text, className]. Rows may carry data. */
export function table(element, headings, rows, empty = 'admin.none') {
  element.replaceChildren();
  if (!rows.length) {
    element.append(el('caption', {}, t(empty)));
    return;
  }
  const head = element.createTHead().insertRow();
  for (const key of headings) head.append(el('th', { scope: 'col' }, key ? t(key) : ''));
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    Object.assign(tr.dataset, row.data ?? {});
    if (row.className) tr.className = row.className;
    for (const cell of row.cells) {
      const td = tr.insertCell();
      if (cell instanceof Node) td.append(cell);
      else if (Array.isArray(cell)) { td.textContent = String(cell[0] ?? ''); td.className = cell[1]; } else td.textContent = String(cell ?? '');
    }
  }
}

/** A small button for a table row. */
export const rowButton = (key, onClick, extra = {}) => el('button', { type: 'button', className: 'small', ...extra, onclick: onClick }, t(key));

/**
 * A secret shown once in a dismissable box with a copy button (and optionally a download): the server keeps only
 * its hash, so it cannot be shown again.
 */
export function showOnce(container, { title, value, lines = [], download }) {
  const code = el('code', {}, value ?? '');
  const copy = el('button', { type: 'button', className: 'copy' }, t('admin.copy'));
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(code.textContent); } catch {
      getSelection().selectAllChildren(code);
      document.execCommand('copy');
    }
    status(t('admin.copied'));
  });
  const dismiss = el('button', { type: 'button' }, t('admin.dismiss'));
  const box = el('div', { className: 'secret once', role: 'group', 'aria-label': title },
    el('p', {}, el('strong', {}, title)), value != null ? el('p', {}, code) : null, ...lines.map((line) => el('p', { className: 'state' }, line)),
    el('div', { className: 'action-row' }, value != null ? copy : null, download ?? null, dismiss));
  dismiss.addEventListener('click', () => box.remove());
  container.replaceChildren(box);
  (value != null ? copy : dismiss).focus();
  return box;
}

/** A link that downloads text as a file (CSV of secrets, say); the object URL lives as long as the link. */
export function downloadLink(text, filename, key) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  return el('a', { href: url, download: filename, className: 'button' }, t(key));
}

/** CSV quoting. */
export const csv = (rows) => rows.map((row) => row.map((v) => {
  const s = String(v ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}).join(',')).join('\n');

/** Re-translates a section after the language changes. */
export const retranslate = (root) => applyI18n(root);

/** A Shanghai local datetime-local value ↔ RFC 3339 UTC. China keeps no daylight-saving time: +08:00 always. */
export const fromLocal = (value) => (value ? new Date(`${value}:00+08:00`).toISOString() : undefined);
export function toLocal(iso) {
  if (!iso) return '';
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 16);
}
