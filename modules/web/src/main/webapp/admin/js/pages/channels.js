import { action, api, confirmed, el, fill, notice, onSubmit, secret, start, table, time } from '../vigil.js';

// Channels notifications go out through: create a webhook channel, send a test, delete one.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite', id: 'status' });
const list = el('section', { 'aria-live': 'polite' });
const create = el('form', { class: 'inline', 'aria-label': 'New webhook channel' },
  el('label', {}, 'Name', el('input', { name: 'name', required: true, maxlength: 100 })),
  el('label', {}, 'Webhook URL', el('input', { name: 'url', type: 'url', required: true, size: 40 })),
  el('button', { type: 'submit' }, 'Add channel'));
onSubmit(create, status, async values => {
  const created = await api('v1/admin/alerting/channels', { method: 'POST', body: { name: values.name, type: 'webhook', url: values.url } });
  create.reset();
  load();
  return [notice('Channel ' + values.name + ' added.'),
    created.signingSecret ? secret('Signing secret of ' + values.name + ' (its receiver checks X-Vigil-Signature with it)',
      created.signingSecret) : null];
});
page.replaceChildren(create, status, list);

function load() {
  fill(list, async () => table([['Channel', c => c.name], ['Type', c => c.type], ['Where', c => c.url || Object.entries(c.settings || {})
    .filter(([k]) => k !== 'password').map(([k, v]) => k + ': ' + v).join(', ') || '—'],
  ['Credential', c => c.credentialSet ? 'set' : 'none'], ['Changed', c => time(c.updatedAt)],
  ['Action', c => [action('Send test', status, async () => {
    const sent = await api('v1/admin/alerting/channels/' + c.id + '/test', { method: 'POST' });
    return notice('Test queued for ' + c.name + '; its delivery shows in the notification log'
      + (sent && sent.notification ? ' (' + sent.notification + ')' : '') + '.');
  }, 'secondary'), ' ', confirmed('Delete', status, async () => {
    await api('v1/admin/alerting/channels/' + c.id, { method: 'DELETE' });
    load();
    return notice('Channel ' + c.name + ' deleted.');
  })]]], await api('v1/admin/alerting/channels'), 'No channel yet: alerts are kept but notify no one.'));
}

load();
