import { api, confirmed, el, fill, notice, onSubmit, problem, secret, show, start, table, time } from '../vigil.js';

// Apps and their API keys: register an app (its first key shown once), issue a second key to rotate,
// revoke the old one. Keys are listed by prefix only; the server keeps only their hashes.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite', id: 'status' });
const list = el('section', { 'aria-live': 'polite' });
const create = el('form', { class: 'inline', 'aria-label': 'Register an app' },
  el('label', {}, 'New app name', el('input', { name: 'name', required: true, maxlength: 100 })),
  el('button', { type: 'submit' }, 'Register app'));
page.replaceChildren(create, status, list);

onSubmit(create, status, async values => {
  const app = await api('v1/admin/apps', { method: 'POST', body: { name: values.name || '' } });
  create.reset();
  load();
  return secret('API key of ' + app.name, app.apiKey);
});

function load() {
  fill(list, async () => {
    const apps = await api('v1/admin/apps');
    return table([
      ['App', a => [el('strong', {}, a.name), el('div', { class: 'muted' }, a.id)]],
      ['Registered', a => time(a.createdAt)],
      ['Keys', a => el('ul', {}, a.keys.map(k => el('li', {}, el('code', {}, k.prefix + '…'), ' issued ', time(k.createdAt),
        k.revokedAt ? [' · revoked ', time(k.revokedAt)]
          : [' ', confirmed('Revoke ' + k.prefix, status, async () => {
            await api('v1/admin/apps/' + a.id + '/keys/' + k.keyId, { method: 'DELETE' });
            load();
            return notice('Key ' + k.prefix + '… revoked; it no longer works.');
          })])))],
      ['Rotate', a => el('button', { type: 'button', class: 'secondary', onclick: async () => {
        try {
          const key = await api('v1/admin/apps/' + a.id + '/keys', { method: 'POST' });
          load();
          show(status, secret('New API key of ' + a.name + ' (revoke the old one once the app uses it)', key.apiKey));
        } catch (e) {
          show(status, problem(e));
        }
      } }, 'Issue new key')]],
    apps, 'No app is registered yet.');
  });
}

load();
