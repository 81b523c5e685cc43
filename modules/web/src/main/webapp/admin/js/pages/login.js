import { api, el, fields, problem, show } from '../vigil.js';

const form = document.getElementById('login');
const status = document.getElementById('status');

/** Only a page of the admin UI is a place to go back to after signing in. */
function next() {
  const wanted = new URLSearchParams(location.search).get('next') || '';
  return /^\/admin\/[A-Za-z0-9._-]*(\?[^#]*)?$/.test(wanted) ? wanted : '/admin/';
}

// A link from outside (mail, chat) arrives without the SameSite=Strict cookie; the page's own
// request carries it: already signed in, go straight on.
if (!new URLSearchParams(location.search).has('signedOut')) {
  fetch('/api/v1/session', { headers: { Accept: 'application/json', 'X-Vigil-UI': '1' }, credentials: 'same-origin' })
    .then(reply => reply.json()).then(who => { if (who.name) location.replace(next()); }, () => {});
}

if (new URLSearchParams(location.search).has('signedOut')) {
  show(status, el('div', { class: 'notice', role: 'status' }, 'Signed out.'));
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const { username, password } = fields(form);
    await api('v1/session', { method: 'POST', body: { username: username || '', password: password || '' } });
    location.assign(next());
  } catch (e) {
    show(status, problem(e));
    button.disabled = false;
  }
});
