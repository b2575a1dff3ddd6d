// The admin console: verify restaurants and couriers, run promotions, look after deliveries nobody took, refunds,
// dead letters and the search index. Everything goes through the documented admin API.
import { api, currentUser, el, logout, money, onSignedOut, orderRef, publicApi, whileBusy } from '/assets/dabba.js';
import { accountPanel } from '/assets/account.js';
import { placeMap } from '/assets/map.js';

const PAGE_SIZE = 20;
const $ = id => document.getElementById(id);

let mapSettings = {};

// ---- Signing in

const panel = accountPanel($('sign-in'), {
    role: 'ADMIN', title: 'Sign in to the admin console', who: 'Dabba\'s administrators', signUp: false,
    onSignedIn: () => openConsole()
});

function show(signedIn) {
    const user = currentUser();
    $('sign-in').hidden = signedIn;
    $('console').hidden = !signedIn;
    $('who').hidden = !signedIn;
    $('who').textContent = signedIn && user ? user.email : '';
    $('sign-out').hidden = !signedIn;
}

$('sign-out').addEventListener('click', () => logout());

onSignedOut(() => {
    stopRebuildWatch();
    show(false);
    panel.focus();
});

async function openConsole() {
    show(true);
    try {
        mapSettings = (await publicApi('GET', '/pages/settings')).map || {};
    } catch {
        mapSettings = {}; // the map draws without tiles
    }
    loadRestaurants(0);
    loadCouriers(0);
    loadPromotions(0);
    loadDeliveries();
    loadRefunds(0);
    loadDeadLetters(0);
    loadSearch();
}

function announce(text) {
    $('announcer').textContent = text;
}

// ---- Small building blocks

function time(iso) {
    if (!iso) {
        return '—';
    }
    return `${iso.replace('T', ' ').replace(/\.\d+/, '').replace(/Z$/, '')} UTC`;
}

function facts(pairs) {
    return el('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
        .flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/** A paged list's "Previous" / "Next" and where we are; {@code load(page)} fetches another page. */
function pager(container, { page, size, total }, load, what) {
    const pages = Math.max(1, Math.ceil((total || 0) / (size || PAGE_SIZE)));
    // one page needs no paging
    container.hidden = pages <= 1 && page === 0;
    container.replaceChildren(
        el('button', { type: 'button', class: 'secondary', disabled: page <= 0, 'aria-label': `Previous page of ${what}`,
            onclick: () => load(page - 1) }, 'Previous'),
        el('span', { class: 'muted' }, `Page ${page + 1} of ${pages} (${total} in all)`),
        el('button', { type: 'button', class: 'secondary', disabled: page + 1 >= pages,
            'aria-label': `Next page of ${what}`, onclick: () => load(page + 1) }, 'Next'));
}

/**
 * A form with one reason field and a button: {@code act(reason)} is called with what was typed (the API says
 * when a reason is missing or too long, next to the field).
 */
function reasonForm({ id, label, button, act, danger = true }) {
    const inputId = `${id}-reason`;
    const form = el('form', { class: 'reason-form', novalidate: true, id },
        el('label', { for: inputId }, label),
        el('div', { class: 'inline' },
            el('input', { id: inputId, name: 'reason', autocomplete: 'off', maxlength: 200 }),
            el('button', { type: 'submit', class: danger ? 'danger' : '' }, button)),
        el('p', { class: 'field-error', 'data-error-for': 'reason' }));
    form.addEventListener('submit', event => {
        event.preventDefault();
        whileBusy(form, () => act(form.reason.value.trim()), 'reason');
    });
    return form;
}


// Each list answers only its latest load: an older answer arriving later would replace newer cards.
const loads = {};

function fresh(list) {
    const ticket = (loads[list] || 0) + 1;
    loads[list] = ticket;
    return () => loads[list] === ticket;
}

function listed(listId, emptyId, items, card) {
    $(listId).replaceChildren(...items.map(card));
    $(emptyId).hidden = items.length > 0;
}

// ---- Restaurants

const RESTAURANT_WORDS = { PENDING_VERIFICATION: ['Waiting for verification', 'warn'], ACTIVE: ['Verified', 'ok'],
    REJECTED: ['Rejected', 'bad'], INACTIVE: ['Deactivated', 'bad'] };

$('restaurant-status').addEventListener('change', () => loadRestaurants(0));

async function loadRestaurants(page) {
    $('restaurant-error').textContent = '';
    const status = $('restaurant-status').value;
    const current = fresh('restaurant');
    try {
        const result = await api('GET', `/admin/restaurants?status=${status}&page=${page}&size=${PAGE_SIZE}`);
        if (!current()) {
            return;
        }
        listed('restaurant-list', 'restaurant-empty', result.items, restaurantCard);
        pager($('restaurant-pager'), result, loadRestaurants, 'restaurants');
    } catch (problem) {
        $('restaurant-error').textContent = problem.detail;
    }
}

$('restaurant-find').addEventListener('submit', event => {
    event.preventDefault();
    const form = event.currentTarget;
    whileBusy(form, async () => {
        const id = form.lookup.value.trim();
        if (!/^[0-9a-f-]{36}$/i.test(id)) {
            throw { detail: 'Enter a restaurant id (a UUID).', fields: { lookup: 'Enter a restaurant id (a UUID).' } };
        }
        fresh('restaurant'); // a list still loading would drop the card found
        const restaurant = await api('GET', `/restaurants/${encodeURIComponent(id)}`);
        putFirst('restaurant-list', 'restaurant-empty', 'data-restaurant-id', restaurant.id,
            restaurantCard(restaurant));
    }, 'lookup');
});

/** Shows a card found by id at the top of its list (in place of the one already shown for it). */
function putFirst(listId, emptyId, attribute, id, card) {
    const list = $(listId);
    const old = list.querySelector(`[${attribute}="${CSS.escape(id)}"]`);
    if (old) {
        old.remove();
    }
    list.prepend(card);
    $(emptyId).hidden = true;
    card.querySelector('h3').focus();
}

function restaurantCard(r) {
    const [words, tone] = RESTAURANT_WORDS[r.status] || [r.status, ''];
    const address = r.address || {};
    const card = el('li', { class: 'card admin-card', 'data-restaurant-id': r.id, 'data-status': r.status },
        el('h3', { tabindex: -1 }, el('span', {}, r.name), el('span', { class: `badge status ${tone}` }, words)),
        el('div', { class: 'card-body' },
            el('div', {},
                r.logoUrl ? el('img', { class: 'logo', src: r.logoUrl, alt: `Logo of ${r.name}`, width: 96,
                    height: 96, loading: 'lazy' }) : el('p', { class: 'muted logo-missing' }, 'No logo'),
                facts([
                    ['Licence', r.licenseNumber], ['GST', r.gst],
                    ['Address', [address.street, address.city, address.zipCode].filter(Boolean).join(', ')],
                    ['Contact', r.contact ? [r.contact.email, r.contact.phone].filter(Boolean).join(' · ') : ''],
                    ['Registered', time(r.createdAt)], ['Id', el('code', {}, r.id)]
                ]),
                r.statusReason ? el('p', { class: 'reason' }, `Reason: ${r.statusReason}`) : null),
            el('div', { class: 'card-map' })),
        el('div', { class: 'card-actions' }, restaurantActions(r)));
    if (Number.isFinite(address.latitude) && Number.isFinite(address.longitude)) {
        placeMap(card.querySelector('.card-map'), { label: `Where ${r.name} is`, tileUrl: mapSettings.tileUrl,
            attribution: mapSettings.attribution }).show({ places: [{ lat: address.latitude,
            lon: address.longitude, kind: 'restaurant', label: r.name }] });
    }
    return card;
}

function restaurantActions(r) {
    const replace = next => {
        const card = document.querySelector(`[data-restaurant-id="${CSS.escape(r.id)}"]`);
        const fresh = restaurantCard(next);
        card.replaceWith(fresh);
        fresh.querySelector('h3').focus();
        announce(`${next.name}: ${(RESTAURANT_WORDS[next.status] || [next.status])[0]}`);
    };
    const verify = body => api('POST', `/admin/restaurants/${r.id}/verification`, body).then(replace);
    const key = `restaurant-${r.id}`;
    if (r.status === 'PENDING_VERIFICATION') {
        const approve = el('form', { class: 'inline-form', novalidate: true },
            el('button', { type: 'submit', 'aria-label': `Approve ${r.name}` }, 'Approve'),
            el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }));
        approve.addEventListener('submit', event => {
            event.preventDefault();
            whileBusy(approve, () => verify({ decision: 'APPROVE' }));
        });
        return [approve, reasonForm({ id: `${key}-reject`, label: 'Reason for rejecting', button: 'Reject',
            act: reason => verify({ decision: 'REJECT', reason }) })];
    }
    if (r.status === 'ACTIVE') {
        return reasonForm({ id: `${key}-deactivate`, label: 'Reason for deactivating', button: 'Deactivate',
            act: reason => api('POST', `/admin/restaurants/${r.id}/deactivate`, { reason }).then(replace) });
    }
    if (r.status === 'INACTIVE') {
        const form = el('form', { class: 'inline-form', novalidate: true },
            el('button', { type: 'submit', class: 'secondary', 'aria-label': `Reactivate ${r.name}` }, 'Reactivate'),
            el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }));
        form.addEventListener('submit', event => {
            event.preventDefault();
            whileBusy(form, () => api('POST', `/admin/restaurants/${r.id}/reactivate`).then(replace));
        });
        return form;
    }
    return null;
}

// ---- Couriers

const COURIER_WORDS = { PENDING: ['Waiting for verification', 'warn'], APPROVED: ['Approved', 'ok'],
    REJECTED: ['Rejected', 'bad'], SUSPENDED: ['Deactivated', 'bad'] };
const VEHICLES = { BICYCLE: 'Bicycle', SCOOTER: 'Scooter', MOTORCYCLE: 'Motorcycle', CAR: 'Car' };

$('courier-status').addEventListener('change', () => loadCouriers(0));

async function loadCouriers(page) {
    $('courier-error').textContent = '';
    const status = $('courier-status').value;
    const current = fresh('courier');
    try {
        const result = await api('GET', `/admin/couriers?status=${status}&page=${page}&size=${PAGE_SIZE}`);
        if (!current()) {
            return;
        }
        listed('courier-list', 'courier-empty', result.items, courierCard);
        pager($('courier-pager'), result, loadCouriers, 'couriers');
    } catch (problem) {
        $('courier-error').textContent = problem.detail;
    }
}

$('courier-find').addEventListener('submit', event => {
    event.preventDefault();
    const form = event.currentTarget;
    whileBusy(form, async () => {
        const id = form.lookup.value.trim();
        if (!/^[0-9a-f-]{36}$/i.test(id)) {
            throw { detail: 'Enter a courier id (a UUID).', fields: { lookup: 'Enter a courier id (a UUID).' } };
        }
        fresh('courier'); // a list still loading would drop the card found
        const courier = await api('GET', `/admin/couriers/${encodeURIComponent(id)}`);
        putFirst('courier-list', 'courier-empty', 'data-courier-id', courier.id, courierCard(courier));
    }, 'lookup');
});

function courierCard(c) {
    const [words, tone] = COURIER_WORDS[c.status] || [c.status, ''];
    const name = `Courier ${c.id.slice(0, 8).toUpperCase()}`;
    return el('li', { class: 'card admin-card', 'data-courier-id': c.id, 'data-status': c.status },
        el('h3', { tabindex: -1 }, el('span', {}, name), el('span', { class: `badge status ${tone}` }, words)),
        facts([
            ['Vehicle', VEHICLES[c.vehicle] || c.vehicle], ['Plate', c.vehicleRegistration],
            ['Licence', c.licenseNumber], ['Signed up', time(c.createdAt)],
            ['Decided', c.decidedAt ? time(c.decidedAt) : null], ['Id', el('code', {}, c.id)]
        ]),
        c.statusReason ? el('p', { class: 'reason' }, `Reason: ${c.statusReason}`) : null,
        el('div', { class: 'card-actions' }, courierActions(c, name)));
}

function courierActions(c, name) {
    const replace = next => {
        const card = document.querySelector(`[data-courier-id="${CSS.escape(c.id)}"]`);
        const fresh = courierCard(next);
        card.replaceWith(fresh);
        fresh.querySelector('h3').focus();
        announce(`${name}: ${(COURIER_WORDS[next.status] || [next.status])[0]}`);
    };
    const key = `courier-${c.id}`;
    const verify = body => api('POST', `/admin/couriers/${c.id}/verification`, body).then(replace);
    const oneButton = (text, work, cls = '') => {
        const form = el('form', { class: 'inline-form', novalidate: true },
            el('button', { type: 'submit', class: cls, 'aria-label': `${text} ${name}` }, text),
            el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }));
        form.addEventListener('submit', event => {
            event.preventDefault();
            whileBusy(form, work);
        });
        return form;
    };
    if (c.status === 'PENDING') {
        return [oneButton('Approve', () => verify({ decision: 'APPROVE' })),
            reasonForm({ id: `${key}-reject`, label: 'Reason for rejecting', button: 'Reject',
                act: reason => verify({ decision: 'REJECT', reason }) })];
    }
    if (c.status === 'APPROVED') {
        return reasonForm({ id: `${key}-suspend`, label: 'Reason for deactivating', button: 'Deactivate',
            act: reason => api('POST', `/admin/couriers/${c.id}/suspend`, { reason }).then(replace) });
    }
    if (c.status === 'SUSPENDED') {
        return oneButton('Reactivate', () => api('POST', `/admin/couriers/${c.id}/reinstate`).then(replace),
            'secondary');
    }
    return null;
}

// ---- Promotions

let promotionPage = 0;

async function loadPromotions(page) {
    promotionPage = page;
    $('promotion-error').textContent = '';
    const current = fresh('promotion');
    try {
        const result = await api('GET', `/admin/promotions?page=${page}&size=${PAGE_SIZE}`);
        if (!current()) {
            return;
        }
        listed('promotion-list', 'promotion-empty', result.items, promotionRow);
        $('promotion-table').hidden = result.items.length === 0;
        pager($('promotion-pager'), result, loadPromotions, 'promotions');
    } catch (problem) {
        $('promotion-error').textContent = problem.detail;
    }
}

function discountWords(p) {
    const cap = p.maxDiscount !== null && p.maxDiscount !== undefined ? `, at most ${money(p.maxDiscount)}` : '';
    return p.type === 'PERCENTAGE' ? `${p.value}% off${cap}` : `${money(p.value)} off`;
}

function promotionRow(p) {
    const end = el('button', { type: 'button', class: 'danger', 'aria-label': `End ${p.code}` }, 'End');
    const error = el('span', { class: 'field-error', role: 'alert' });
    end.addEventListener('click', async () => {
        end.disabled = true;
        error.textContent = '';
        try {
            await api('DELETE', `/admin/promotions/${encodeURIComponent(p.code)}`);
            announce(`Promotion ${p.code} ended`);
            await loadPromotions(promotionPage);
            $('promotion-form').code.focus();
        } catch (problem) {
            error.textContent = problem.detail;
            end.disabled = false;
        }
    });
    return el('tr', { 'data-promotion-code': p.code },
        el('th', { scope: 'row' }, p.code),
        el('td', {}, discountWords(p)),
        el('td', {}, Number(p.minOrderAmount) > 0 ? money(p.minOrderAmount) : '—'),
        el('td', {}, `from ${time(p.validFrom)}`, el('br'), p.validUntil ? `until ${time(p.validUntil)}` : 'no end'),
        el('td', {}, p.perUserLimit ? String(p.perUserLimit) : 'unlimited'),
        el('td', {}, end, error));
}

$('promotion-form').addEventListener('submit', event => {
    event.preventDefault();
    const form = event.currentTarget;
    whileBusy(form, async () => {
        const body = { code: form.code.value.trim(), type: form.type.value, value: decimal(form.value.value) };
        const optional = { minOrderAmount: decimal(form.minOrderAmount.value),
            maxDiscount: decimal(form.maxDiscount.value),
            perUserLimit: form.perUserLimit.value.trim() ? Number(form.perUserLimit.value.trim()) : null,
            // the field is read as UTC, as the label says
            validUntil: form.validUntil.value ? `${form.validUntil.value.length === 16
                ? `${form.validUntil.value}:00` : form.validUntil.value}Z` : null };
        for (const [name, value] of Object.entries(optional)) {
            if (value !== null) {
                body[name] = value;
            }
        }
        const created = await api('POST', '/admin/promotions', body);
        form.reset();
        announce(`Promotion ${created.code} created`);
        await loadPromotions(0);
    }, 'code');
});

/** An amount as typed, kept exact (a JSON number written with the digits typed); blank is null. */
function decimal(text) {
    const value = String(text).trim();
    if (!value) {
        return null;
    }
    return /^\d+(\.\d+)?$/.test(value) ? JSON.parse(value) : value;
}

// ---- Unassigned deliveries

$('deliveries-refresh').addEventListener('click', () => loadDeliveries());

async function loadDeliveries() {
    $('delivery-error').textContent = '';
    const current = fresh('delivery');
    try {
        const items = await api('GET', '/admin/deliveries/unassigned');
        if (current()) {
            listed('delivery-list', 'delivery-empty', items, deliveryCard);
        }
    } catch (problem) {
        $('delivery-error').textContent = problem.detail;
    }
}

function deliveryCard(d) {
    const ref = orderRef(d.orderId);
    const key = `delivery-${d.orderId}`;
    const card = el('li', { class: 'card admin-card', 'data-order-id': d.orderId },
        el('h3', { tabindex: -1 }, el('span', {}, `Order #${ref}`),
            el('span', { class: 'badge warn status' }, 'No courier')),
        facts([['Restaurant', el('code', {}, d.restaurantId)], ['Rounds of offers', String(d.rounds)],
            ['Waiting since', time(d.flaggedAt)], ['Order id', el('code', {}, d.orderId)]]));
    const done = text => {
        card.querySelector('.status').textContent = text;
        card.querySelector('.status').className = 'badge ok status';
        card.querySelector('.card-actions').replaceChildren(el('p', { class: 'muted' }, text));
        card.querySelector('h3').focus();
        announce(`Order #${ref}: ${text}`);
    };

    const assign = el('form', { class: 'reason-form', novalidate: true, id: `${key}-assign` },
        el('label', { for: `${key}-courier` }, 'Courier id'),
        el('div', { class: 'inline' },
            el('input', { id: `${key}-courier`, name: 'courierId', autocomplete: 'off' }),
            el('button', { type: 'submit' }, 'Assign')),
        el('p', { class: 'field-error', 'data-error-for': 'courierId' }));
    assign.addEventListener('submit', event => {
        event.preventDefault();
        whileBusy(assign, async () => {
            await api('POST', `/admin/deliveries/${d.orderId}/assign`, { courierId: assign.courierId.value.trim() });
            done('Assigned');
        }, 'courierId');
    });

    const redispatch = el('form', { class: 'inline-form', novalidate: true },
        el('button', { type: 'submit', class: 'secondary' }, 'Redispatch'),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }));
    redispatch.addEventListener('submit', event => {
        event.preventDefault();
        whileBusy(redispatch, async () => {
            await api('POST', `/admin/deliveries/${d.orderId}/redispatch`);
            done('Offered to couriers again');
        });
    });

    const cancel = reasonForm({ id: `${key}-cancel`, label: 'Reason for cancelling', button: 'Cancel and refund',
        act: async reason => {
            await api('POST', `/orders/${d.orderId}/cancel`, { reason, refund: { type: 'FULL' } });
            done('Cancelled, refund on its way');
        } });

    card.append(el('div', { class: 'card-actions' }, assign, redispatch, cancel));
    return card;
}

// ---- Refunds

$('refunds-refresh').addEventListener('click', () => loadRefunds(0));

async function loadRefunds(page) {
    $('refund-error').textContent = '';
    const current = fresh('refund');
    try {
        const result = await api('GET', `/admin/refunds?page=${page}&size=${PAGE_SIZE}`);
        if (!current()) {
            return;
        }
        listed('refund-list', 'refund-empty', result.items, refundRow);
        $('refund-table').hidden = result.items.length === 0;
        pager($('refund-pager'), result, loadRefunds, 'refunds');
    } catch (problem) {
        $('refund-error').textContent = problem.detail;
    }
}

function refundRow(r) {
    return el('tr', { 'data-refund-id': r.refundId, class: r.alert ? 'alert' : null },
        el('th', { scope: 'row' }, `#${orderRef(r.orderId)}`),
        el('td', {}, money(r.amount, r.currency)),
        el('td', {}, r.status, r.alert ? [' ', el('span', { class: 'badge bad' }, 'Keeps failing')] : null),
        el('td', {}, String(r.attempts)),
        el('td', { class: 'error-text' }, r.lastError || '—'),
        el('td', {}, time(r.nextAttemptAt)));
}

// ---- Dead letters

let deadLetterPage = 0;

$('dead-letter-status').addEventListener('change', () => loadDeadLetters(0));

async function loadDeadLetters(page) {
    deadLetterPage = page;
    $('dead-letter-error').textContent = '';
    const status = $('dead-letter-status').value;
    const current = fresh('dead-letter');
    try {
        const result = await api('GET', `/admin/dead-letters?status=${status}&page=${page}&size=${PAGE_SIZE}`);
        if (!current()) {
            return;
        }
        listed('dead-letter-list', 'dead-letter-empty', result.items, deadLetterCard);
        pager($('dead-letter-pager'), result, loadDeadLetters, 'dead letters');
    } catch (problem) {
        $('dead-letter-error').textContent = problem.detail;
    }
}

function deadLetterCard(d) {
    const card = el('li', { class: 'card admin-card', 'data-dead-letter-id': d.id, 'data-status': d.status },
        el('h3', { tabindex: -1 }, el('span', {}, d.eventType || 'Event'),
            el('span', { class: `badge status ${d.status === 'PARKED' ? 'warn' : 'ok'}` }, d.status)),
        facts([['Consumer', el('code', {}, d.consumer)], ['Subject', d.subject], ['Attempts', String(d.attempts)],
            ['Last failed', time(d.lastFailedAt)], ['Error', el('span', { class: 'error-text' }, d.error || '—')]]));
    if (d.status !== 'PARKED') {
        return card;
    }
    const form = el('form', { class: 'inline-form', novalidate: true },
        el('div', { class: 'actions' },
            el('button', { type: 'submit', 'aria-label': `Replay ${d.eventType || 'event'} ${d.id.slice(0, 8)}` },
                'Replay'),
            el('button', { type: 'button', class: 'danger', name: 'discard',
                'aria-label': `Discard ${d.eventType || 'event'} ${d.id.slice(0, 8)}` }, 'Discard')),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }));
    const after = (status, words) => {
        card.dataset.status = status;
        card.querySelector('.status').textContent = status;
        card.querySelector('.status').className = 'badge ok status';
        form.replaceWith(el('p', { class: 'muted' }, words));
        card.querySelector('h3').focus();
        announce(words);
    };
    form.addEventListener('submit', event => {
        event.preventDefault();
        whileBusy(form, async () => {
            const replayed = await api('POST', `/admin/dead-letters/${d.id}/replay`);
            after(replayed.status, 'Replayed: the consumer took it this time.');
        });
    });
    form.discard.addEventListener('click', () => whileBusy(form, async () => {
        await api('DELETE', `/admin/dead-letters/${d.id}`);
        after('DISCARDED', 'Discarded for good.');
    }));
    card.append(el('div', { class: 'card-actions' }, form));
    return card;
}

// ---- Search index

let rebuildTimer = null;

$('search-refresh').addEventListener('click', () => loadSearch());

async function loadSearch() {
    $('search-error').textContent = '';
    const current = fresh('search');
    try {
        const [status, rebuild] = await Promise.all([api('GET', '/admin/search/status'),
            api('GET', '/admin/search/reindex')]);
        if (!current()) {
            return;
        }
        // the rebuild has its own lines below
        $('search-status').replaceChildren(...Object.entries(status).filter(([term]) => term !== 'rebuild')
            .map(([term, value]) =>
            [el('dt', {}, words(term)), el('dd', {}, typeof value === 'object' ? JSON.stringify(value) : String(value))])
            .flat());
        showRebuild(rebuild);
    } catch (problem) {
        $('search-error').textContent = problem.detail;
    }
}

function words(camel) {
    const text = camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
}

const REBUILD_WORDS = { NEVER: 'Never rebuilt', RUNNING: 'Running', DONE: 'Done', FAILED: 'Failed' };

function showRebuild(r) {
    const parts = [REBUILD_WORDS[r.state] || r.state];
    if (r.state !== 'NEVER') {
        parts.push(`${r.processed ?? 0} of ${r.total ?? 0} restaurants`);
    }
    if (r.startedAt) {
        parts.push(`started ${time(r.startedAt)}`);
    }
    if (r.finishedAt) {
        parts.push(`finished ${time(r.finishedAt)}`);
    }
    if (r.error) {
        parts.push(r.error);
    }
    $('search-rebuild').textContent = parts.join(' · ');
    $('search-rebuild').dataset.state = r.state;
    $('search-reindex').disabled = r.state === 'RUNNING';
    stopRebuildWatch();
    if (r.state === 'RUNNING') {
        // the rebuild runs in the background: follow it until it ends
        rebuildTimer = setTimeout(async () => {
            try {
                showRebuild(await api('GET', '/admin/search/reindex'));
            } catch (problem) {
                $('search-error').textContent = problem.detail;
                $('search-reindex').disabled = false;
            }
        }, 1500);
    }
}

function stopRebuildWatch() {
    clearTimeout(rebuildTimer);
}

$('search-reindex').addEventListener('click', async event => {
    const button = event.currentTarget;
    button.disabled = true;
    $('search-error').textContent = '';
    fresh('search'); // a status still loading is older than what the rebuild answers
    try {
        showRebuild(await api('POST', '/admin/search/reindex'));
        announce('Rebuilding the search index');
    } catch (problem) {
        $('search-error').textContent = problem.detail;
        button.disabled = false;
    }
});

// ---- Start: a tab that is still signed in as an admin goes straight to the console.

const user = currentUser();
if (user && user.roles.includes('ADMIN')) {
    openConsole();
} else {
    show(false);
}
