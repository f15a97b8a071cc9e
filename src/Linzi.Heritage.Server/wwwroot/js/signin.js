import { t, applyI18n, bindLangSwitch, onLangChange } from './i18n.js';
import { saveSession, homeOf } from './session.js';
import { buildPasswordForm, changePassword } from './password.js';

const form = document.getElementById('signin-form');
const message = document.getElementById('signin-message');
const params = new URLSearchParams(location.search);

function showReason() {
  const reason = params.get('reason');
  message.textContent = reason === 'expired' ? t('signin.expired') : reason === 'signedOut' ? t('signin.signedOut') : '';
}

// Only same-origin paths, so a crafted link cannot send a freshly signed-in user elsewhere. The URL parser decides,
// as the browser would: "/\evil.com" and "//evil.com" both leave the site, a prefix check lets the first through.
function safeNext(role) {
  const next = params.get('next');
  if (!next || !next.startsWith('/')) return homeOf(role);
  let url;
  try { url = new URL(next, location.origin); } catch { return homeOf(role); }
  if (url.origin !== location.origin || url.pathname.startsWith('/signin')) return homeOf(role);
  return url.pathname + url.search + url.hash;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = form.username.value.trim();
  message.textContent = '';
  form.querySelector('button[type=submit]').disabled = true;
  try {
    const response = await fetch('/api/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: form.password.value }),
    });
    if (response.status === 429) {
      // Too many attempts, or the username is locked after failures in a row; Retry-After says for how long.
      message.textContent = t('signin.tooMany', { seconds: response.headers.get('Retry-After') ?? '60' });
      return;
    }
    if (!response.ok) {
      message.textContent = response.status === 401 || response.status === 400 ? t('signin.failed') : t('signin.error');
      return;
    }
    const token = await response.json();
    if (token.mustChangePassword) {
      askForNewPassword(username, form.password.value, token);
      return;
    }
    saveSession(username, token);
    location.replace(safeNext(token.role));
  } catch {
    message.textContent = t('signin.error');
  } finally {
    form.querySelector('button[type=submit]').disabled = false;
  }
});

// A password someone else set (new account, reset, first admin): the server opens nothing else until it is
// changed. The current password is the one just typed (kept, hidden); after the change, sign in again and go on.
function askForNewPassword(username, currentPassword, token) {
  const section = document.getElementById('change-password');
  const passwordForm = document.getElementById('password-form');
  passwordForm.replaceChildren();
  // For password managers: the account the new password belongs to.
  const user = Object.assign(document.createElement('input'), { type: 'text', name: 'username', autocomplete: 'username', value: username, hidden: true });
  passwordForm.append(user);
  const helpers = buildPasswordForm(passwordForm, { hideCurrent: true });
  helpers.inputOf('currentPassword').value = currentPassword;
  form.hidden = true;
  document.getElementById('signin-title').hidden = true;
  section.hidden = false;
  helpers.inputOf('newPassword').focus();
  passwordForm.onsubmit = async (event) => {
    event.preventDefault();
    const fresh = await changePassword(token.access_token, username, helpers);
    if (!fresh) return;
    saveSession(username, fresh);
    location.replace(safeNext(fresh.role));
  };
}

bindLangSwitch(document.getElementById('lang'));
applyI18n();
showReason();
onLangChange(showReason);
