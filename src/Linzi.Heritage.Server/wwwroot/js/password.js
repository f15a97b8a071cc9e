// Changing one's own password (POST /api/auth/password {currentPassword, newPassword} → 204, after which every
// token of the account is dead), then signing in again with the new password. Used by the sign-in page when the
// server asks for a change (mustChangePassword) and by the "修改密码" dialog in every page's header.
import { t } from './i18n.js';

let count = 0;

function passwordField(name, label, autocomplete) {
  const id = `pw-${name}-${++count}`;
  const wrapper = document.createElement('div');
  wrapper.className = 'pw-field';
  wrapper.dataset.field = name;
  const caption = document.createElement('label');
  caption.htmlFor = id;
  caption.dataset.i18n = label;
  caption.textContent = t(label);
  const input = document.createElement('input');
  Object.assign(input, { id, name, type: 'password', autocomplete, required: true });
  const error = document.createElement('p');
  error.className = 'field-error';
  error.id = `${id}-error`;
  input.setAttribute('aria-describedby', error.id);
  wrapper.append(caption, input, error);
  return wrapper;
}

/**
 * Fills form with current (hidden when hideCurrent: the sign-in page already has it), new and repeat fields, a
 * message line and a submit button. Returns helpers to read, show errors and clear them.
 */
export function buildPasswordForm(form, { hideCurrent = false, extraButtons = [] } = {}) {
  form.noValidate = true;
  const current = passwordField('currentPassword', 'password.current', 'current-password');
  current.hidden = hideCurrent;
  const message = document.createElement('p');
  message.className = 'form-message';
  message.setAttribute('role', 'alert');
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'primary';
  submit.dataset.i18n = 'password.submit';
  submit.textContent = t('password.submit');
  const actions = document.createElement('div');
  actions.className = 'pw-actions';
  actions.append(submit, ...extraButtons);
  form.append(current, passwordField('newPassword', 'password.new', 'new-password'),
    passwordField('repeatPassword', 'password.repeat', 'new-password'), message, actions);

  const inputOf = (name) => form.querySelector(`[data-field=${name}] input`);
  const helpers = {
    inputOf,
    message,
    submit,
    clear() {
      message.textContent = '';
      form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
      form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
    },
    /** Shows each field's errors next to it; returns whether any was shown. A hidden current field is revealed. */
    showErrors(errors) {
      let first = null;
      for (const [name, messages] of Object.entries(errors ?? {})) {
        const wrapper = form.querySelector(`[data-field=${name}]`);
        if (!wrapper) continue;
        wrapper.hidden = false;
        wrapper.querySelector('.field-error').textContent = [messages].flat().join(' ');
        const input = wrapper.querySelector('input');
        input.setAttribute('aria-invalid', 'true');
        first ??= input;
      }
      first?.focus();
      return first != null;
    },
  };
  return helpers;
}

/** Reasons the server gives, in the page's language where it has one. */
function explain(errors) {
  const out = {};
  for (const [name, messages] of Object.entries(errors ?? {})) {
    const text = [messages].flat().join(' ');
    out[name] = name === 'currentPassword' && /not the current password/i.test(text) ? t('password.wrongCurrent')
      : name === 'newPassword' ? `${t('password.weak')} ${text}` : text;
  }
  return out;
}

/**
 * Runs the change: checks the repeat, posts the change with token, then signs in again with the new password.
 * Returns { token } (the new token response) on success, or { errors } (field → message) / { message }.
 */
export async function changePassword(token, username, helpers) {
  helpers.clear();
  const currentPassword = helpers.inputOf('currentPassword').value;
  const newPassword = helpers.inputOf('newPassword').value;
  const repeat = helpers.inputOf('repeatPassword').value;
  const local = {};
  if (!currentPassword) local.currentPassword = t('password.required');
  if (!newPassword) local.newPassword = t('password.required');
  else if (newPassword !== repeat) local.repeatPassword = t('password.mismatch');
  if (Object.keys(local).length) {
    helpers.showErrors(local);
    return null;
  }
  helpers.submit.disabled = true;
  try {
    const response = await fetch('/api/auth/password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ currentPassword, newPassword }),
    });
    if (response.status === 401) {
      helpers.message.textContent = t('signin.expired');
      return null;
    }
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not JSON */ }
      if (!helpers.showErrors(explain(problem?.errors))) helpers.message.textContent = problem?.detail ?? problem?.title ?? t('signin.error');
      return null;
    }
    // Every old token is dead now: sign in again with the new password.
    const again = await fetch('/api/auth/token', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: newPassword }),
    });
    if (!again.ok) {
      helpers.message.textContent = t('password.signInAgain');
      return null;
    }
    return await again.json();
  } catch {
    helpers.message.textContent = t('signin.error');
    return null;
  } finally {
    helpers.submit.disabled = false;
  }
}
