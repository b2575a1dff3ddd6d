// The restaurant partner's page: sign in or sign up, register a restaurant and follow its verification, then run
// it from one view with tabs: the live order board, the menu editor, the profile and the day's numbers.
import {
    api, currentUser, el, logout, money, onSignedOut, orderRef, showProblem, socket, whileBusy
} from '/assets/dabba.js';
import { accountPanel } from '/assets/account.js';
import { openMenu } from '/partner/menu.js';
import { openNumbers } from '/partner/numbers.js';
import { profileForm, registerForm } from '/partner/restaurant-form.js';

// An undecided order is rejected this long after it was paid (dabba.orders.acceptance-timeout, 5 minutes by
// default). The countdown is a guide: the server decides, and its order.updated moves the card.
const ACCEPTANCE_TIMEOUT_MS = 5 * 60_000;
const RESTAURANT_KEY = 'dabba.partner.restaurant';
const TAB_KEY = 'dabba.partner.tab';
const NOTIFICATIONS_ASKED_KEY = 'dabba.partner.notifications-asked';
const CLOSED_SHOWN = 10;
// While Dabba checks a restaurant, its status is asked again this often, so "Verified" shows without a reload.
const VERIFICATION_POLL_MS = 3_000;

const $ = id => document.getElementById(id);

const board = {
    restaurant: null,
    orders: new Map(),
    seen: new Set(),
    alerted: new Set(),
    socket: null,
    alerts: 0,
    poll: null
};

// ---- Views

function show(view) {
    for (const id of ['account', 'restaurants', 'register', 'board-view']) {
        $(id).hidden = id !== view;
    }
    // Forms of views out of sight are dropped, so that no label is on the page twice.
    if (view !== 'account') {
        $('account').replaceChildren();
    }
    if (view !== 'register') {
        $('register-form-slot').replaceChildren();
    }
    if (view !== 'board-view') {
        for (const id of ['panel-menu', 'panel-profile', 'panel-numbers']) {
            $(id).replaceChildren();
        }
    }
    const user = currentUser();
    $('who').hidden = !user;
    $('who').textContent = user ? user.email : '';
    $('sign-out').hidden = !user;
}

// ---- Sign-in and sign-up

function showSignIn() {
    closeBoard();
    show('account');
    const panel = accountPanel($('account'), {
        role: 'RESTAURANT_OWNER', title: 'Sign in to your restaurant', who: 'restaurant owners',
        onSignedIn: () => showRestaurants()
    });
    // The click is the user gesture browsers want before a page may play sound.
    $('account').addEventListener('submit', unlockAudio, { capture: true, once: true });
    panel.focus();
}

$('sign-out').addEventListener('click', async () => {
    sessionStorage.removeItem(RESTAURANT_KEY);
    sessionStorage.removeItem(TAB_KEY);
    await logout();
});

onSignedOut(() => showSignIn());

// ---- The owner's restaurants

async function showRestaurants() {
    closeBoard();
    show('restaurants');
    $('restaurants-error').textContent = '';
    const list = $('restaurant-list');
    list.replaceChildren();
    let restaurants;
    try {
        restaurants = await api('GET', '/restaurants/mine');
    } catch (problem) {
        $('restaurants-error').textContent = problem.detail;
        return;
    }
    if (!restaurants.length) {
        // A new owner's first step is registering the restaurant.
        showRegister(true);
        return;
    }
    $('restaurants-empty').hidden = true;
    for (const r of restaurants) {
        list.append(el('li', {},
            el('button', { type: 'button', 'data-restaurant-id': r.id, onclick: () => pick(r) },
                el('strong', {}, r.name), ' ',
                el('span', { class: `badge ${statusClass(r.status)}` }, statusWords(r.status)), ' ',
                el('span', { class: 'badge' }, r.operationalStatus))));
    }
    const remembered = sessionStorage.getItem(RESTAURANT_KEY);
    const again = restaurants.find(r => r.id === remembered);
    if (again) {
        openRestaurant(again);
    } else {
        list.querySelector('button').focus();
    }
}

function statusWords(status) {
    return { ACTIVE: 'Verified', PENDING_VERIFICATION: 'Waiting for verification', REJECTED: 'Rejected',
        INACTIVE: 'Deactivated', DEACTIVATED: 'Deactivated' }[status] || status;
}

function statusClass(status) {
    return status === 'ACTIVE' ? 'ok' : status === 'PENDING_VERIFICATION' ? 'warn' : 'bad';
}

function pick(restaurant) {
    unlockAudio();
    askForNotifications();
    sessionStorage.setItem(RESTAURANT_KEY, restaurant.id);
    openRestaurant(restaurant);
}

$('change-restaurant').addEventListener('click', () => {
    sessionStorage.removeItem(RESTAURANT_KEY);
    showRestaurants();
});

// ---- Registering a restaurant

function showRegister(first) {
    closeBoard();
    show('register');
    $('register-title').textContent = first ? 'Register your restaurant' : 'Register a restaurant';
    const form = registerForm(restaurant => {
        sessionStorage.setItem(RESTAURANT_KEY, restaurant.id);
        openRestaurant(restaurant);
    });
    $('register-form-slot').replaceChildren(form);
    form.querySelector('input').focus();
}

$('register-button').addEventListener('click', () => showRegister(false));

// ---- The restaurant: its head (status, ONLINE/OFFLINE) and its tabs

const TABS = ['orders', 'menu', 'profile', 'numbers'];

function openRestaurant(restaurant) {
    closeBoard();
    show('board-view');
    board.orders.clear();
    renderAll();
    // Another restaurant's menu, profile or numbers must not linger behind a tab.
    for (const id of ['panel-menu', 'panel-profile', 'panel-numbers']) {
        $(id).replaceChildren();
    }
    board.restaurant = null;
    showRestaurant(restaurant);
    selectTab(sessionStorage.getItem(TAB_KEY) || 'orders', false);
}

function showRestaurant(r) {
    const was = board.restaurant;
    board.restaurant = r;
    $('restaurant-name').textContent = r.name;
    const status = $('restaurant-status');
    status.textContent = statusWords(r.status);
    status.className = `badge ${statusClass(r.status)}`;
    status.dataset.status = r.status;
    const reason = $('status-reason');
    reason.hidden = r.status === 'ACTIVE';
    reason.textContent = r.status === 'PENDING_VERIFICATION'
        ? 'Dabba is checking your licence and GST number. You can build your menu meanwhile; once verified you can go ONLINE.'
        : r.statusReason ? `${statusWords(r.status)}: ${r.statusReason}` : statusWords(r.status);
    const online = r.operationalStatus === 'ONLINE';
    const toggle = $('online-switch');
    toggle.setAttribute('aria-checked', String(online));
    toggle.textContent = online ? 'ONLINE' : 'OFFLINE';
    toggle.disabled = r.status !== 'ACTIVE';
    $('online-hint').textContent = r.status !== 'ACTIVE' ? 'You can go online once verified'
        : online ? 'Taking orders' : 'Not taking orders';
    // The live board needs a verified restaurant; until then its status is asked again now and then.
    if (r.status === 'ACTIVE') {
        stopPolling();
        if (!board.socket) {
            openBoard();
        }
    } else {
        connection('closed');
        $('connection').textContent = 'Not live until verified';
        if (r.status === 'PENDING_VERIFICATION') {
            startPolling();
        }
    }
    if (was && was.id === r.id && was.status !== r.status && !$('panel-profile').hidden) {
        renderTab('profile');
    }
}

function startPolling() {
    if (board.poll) {
        return;
    }
    board.poll = setInterval(async () => {
        if (document.visibilityState !== 'visible' || !board.restaurant) {
            return;
        }
        try {
            const r = await api('GET', `/restaurants/${board.restaurant.id}`);
            if (board.restaurant && r.id === board.restaurant.id && r.status !== board.restaurant.status) {
                showRestaurant(r);
            }
        } catch {
            // asked again at the next beat
        }
    }, VERIFICATION_POLL_MS);
}

function stopPolling() {
    clearInterval(board.poll);
    board.poll = null;
}

$('online-switch').addEventListener('click', async event => {
    const toggle = event.currentTarget;
    const next = toggle.getAttribute('aria-checked') === 'true' ? 'OFFLINE' : 'ONLINE';
    $('online-error').textContent = '';
    toggle.disabled = true;
    try {
        showRestaurant(await api('PATCH', `/restaurants/${board.restaurant.id}/status`, { status: next }));
    } catch (problem) {
        $('online-error').textContent = problem.detail;
        toggle.disabled = false;
    }
});

// Tabs as the ARIA pattern has them: arrows, Home and End move between tabs; Tab goes into the panel.
function selectTab(name, focus = true) {
    if (!TABS.includes(name)) {
        name = 'orders';
    }
    sessionStorage.setItem(TAB_KEY, name);
    for (const tab of TABS) {
        const selected = tab === name;
        const button = $(`tab-${tab}`);
        button.setAttribute('aria-selected', String(selected));
        button.tabIndex = selected ? 0 : -1;
        $(`panel-${tab}`).hidden = !selected;
    }
    if (focus) {
        $(`tab-${name}`).focus();
    }
    renderTab(name);
}

function renderTab(name) {
    const r = board.restaurant;
    if (!r) {
        return;
    }
    if (name === 'menu') {
        openMenu($('panel-menu'), r);
    } else if (name === 'profile') {
        $('panel-profile').replaceChildren(el('div', { class: 'panel' }, profileForm(r, updated => {
            $('restaurant-name').textContent = updated.name;
            board.restaurant = updated;
        })));
    } else if (name === 'numbers') {
        openNumbers($('panel-numbers'), r);
    }
}

for (const tab of TABS) {
    $(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
    $(`tab-${tab}`).addEventListener('keydown', event => {
        const at = TABS.indexOf(tab);
        const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[event.key];
        if (to === undefined) {
            return;
        }
        event.preventDefault();
        selectTab(TABS[(to + TABS.length) % TABS.length]);
    });
}

// ---- The live board

function openBoard() {
    closeBoard();
    $('alerts-button').hidden = audioRunning() && !notificationsUndecided();
    board.socket = socket(`/ws/restaurants/${board.restaurant.id}/orders`, { onMessage: received,
        onState: connection });
    loadInProgress();
}

function closeBoard() {
    stopPolling();
    if (board.socket) {
        board.socket.close();
        board.socket = null;
    }
}

/** The orders past the decision, which the socket's snapshot leaves out. */
async function loadInProgress() {
    if (!board.restaurant) {
        return;
    }
    try {
        const page = await api('GET',
            `/restaurants/${board.restaurant.id}/orders?status=ACCEPTED,IN_PREPARATION&size=100`);
        for (const o of page.items) {
            remember(fromApi(o));
        }
        renderAll();
    } catch (problem) {
        $('online-error').textContent = problem.detail;
    }
}

function connection(state) {
    const words = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' };
    $('connection').dataset.state = state;
    $('connection').textContent = words[state] || state;
    if (state === 'open') {
        loadInProgress();
    }
}

function received(message) {
    switch (message.type) {
        case 'snapshot':
            snapshot(message.orders || []);
            break;
        case 'order.new':
            arrived(fromSocket(message.order));
            break;
        case 'order.updated':
            updated(message);
            break;
        default:
            break;
    }
}

function snapshot(orders) {
    const waiting = new Set(orders.map(o => o.orderId));
    for (const o of orders) {
        arrived(fromSocket(o));
    }
    // Orders that stopped waiting while the socket was away: ask where they stand.
    for (const o of board.orders.values()) {
        if (o.status === 'PENDING_RESTAURANT_ACCEPTANCE' && !waiting.has(o.orderId)) {
            api('GET', `/orders/${o.orderId}/status`).then(s => {
                remember(Object.assign({}, o, { status: s.status, paymentStatus: s.paymentStatus,
                    updatedAt: s.updatedAt }));
                renderAll();
            }).catch(() => {});
        }
    }
}

/** A paid order waiting for a decision: shown at once, with a sound, a notification and a spoken line. */
function arrived(order) {
    const known = board.orders.get(order.orderId);
    remember(known ? Object.assign({}, known, order, { ready: known.ready }) : order);
    renderAll();
    const card = document.querySelector(`[data-order-id="${order.orderId}"]`);
    if (order.status === 'PENDING_RESTAURANT_ACCEPTANCE' && !board.alerted.has(order.orderId)) {
        board.alerted.add(order.orderId);
        announce(order);
        if (card) {
            card.classList.add('fresh');
        }
    }
    markSeen(order.orderId);
}

function updated(change) {
    const known = board.orders.get(change.orderId);
    if (!known) {
        api('GET', `/orders/${change.orderId}`).then(o => {
            remember(fromApi(o));
            renderAll();
        }).catch(() => {});
        return;
    }
    const next = Object.assign({}, known, {
        status: change.status || known.status,
        paymentStatus: change.paymentStatus || known.paymentStatus,
        updatedAt: change.updatedAt || known.updatedAt
    });
    if (change.prepTimeMinutes) {
        next.prepTimeMinutes = change.prepTimeMinutes;
    }
    if (change.estimatedReadyAt) {
        next.estimatedReadyAt = change.estimatedReadyAt;
    }
    if (change.event === 'order.ready.for.pickup') {
        next.ready = true;
    }
    if (change.reason) {
        next.reason = change.reason;
    }
    remember(next);
    renderAll();
}

/** Keeps the newest we know of an order: a list read a moment ago must not undo a change pushed since. */
function remember(order) {
    const known = board.orders.get(order.orderId);
    if (known && Date.parse(order.updatedAt) < Date.parse(known.updatedAt)) {
        return;
    }
    board.orders.set(order.orderId, order);
}

/** An order as the socket sends it (snapshot, order.new). */
function fromSocket(o) {
    return {
        orderId: o.orderId, status: o.status, paymentStatus: o.paymentStatus, items: o.items || [],
        total: o.total, currency: o.currency, deliveryAddress: o.deliveryAddress, placedAt: o.placedAt,
        // while an order waits for a decision its last change is its payment, where the timeout counts from
        paidAt: o.status === 'PENDING_RESTAURANT_ACCEPTANCE' ? o.updatedAt : null,
        updatedAt: o.updatedAt
    };
}

/** An order as the REST API answers it. */
function fromApi(o) {
    const pricing = o.pricing || {};
    return {
        orderId: o.orderId, status: o.status, paymentStatus: o.paymentStatus, items: o.items || [],
        total: pricing.total, currency: pricing.currency, deliveryAddress: o.deliveryAddress,
        placedAt: o.createdAt, paidAt: o.paidAt, updatedAt: o.updatedAt, prepTimeMinutes: o.prepTimeMinutes,
        estimatedReadyAt: o.estimatedReadyAt, ready: Boolean(o.readyAt)
    };
}

// ---- Seen: the owner's alert then needs no SMS

function markSeen(orderId) {
    const order = board.orders.get(orderId);
    if (!order || order.status !== 'PENDING_RESTAURANT_ACCEPTANCE' || board.seen.has(orderId)) {
        return;
    }
    // Only a board someone can see has shown the order; a hidden tab says so when it is looked at again.
    if (document.visibilityState !== 'visible' || !board.socket) {
        return;
    }
    if (board.socket.send({ type: 'seen', orderId })) {
        board.seen.add(orderId);
        // The owner's alert is planned from the same payment as this board's news and may be planned a moment
        // later; saying it once more then still spares the SMS.
        setTimeout(() => {
            const now = board.orders.get(orderId);
            if (now && now.status === 'PENDING_RESTAURANT_ACCEPTANCE' && board.socket) {
                board.socket.send({ type: 'seen', orderId });
            }
        }, 3_000);
    }
}

document.addEventListener('visibilitychange', () => {
    for (const o of board.orders.values()) {
        markSeen(o.orderId);
    }
});

// ---- Alerts: a beep, the browser's notification and a line for screen readers

let audio = null;

function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
        return;
    }
    audio = audio || new Context();
    audio.resume().catch(() => {});
}

function audioRunning() {
    return Boolean(audio) && audio.state === 'running';
}

function notificationsUndecided() {
    return 'Notification' in window && Notification.permission === 'default';
}

function askForNotifications() {
    if (!notificationsUndecided() || localStorage.getItem(NOTIFICATIONS_ASKED_KEY)) {
        return;
    }
    localStorage.setItem(NOTIFICATIONS_ASKED_KEY, new Date().toISOString());
    Notification.requestPermission().catch(() => {});
}

$('alerts-button').addEventListener('click', () => {
    unlockAudio();
    if (notificationsUndecided()) {
        Notification.requestPermission().catch(() => {});
    }
    $('alerts-button').hidden = true;
});

function beep() {
    if (!audioRunning()) {
        return false;
    }
    const start = audio.currentTime;
    [[0, 880], [0.28, 1175]].forEach(([offset, frequency]) => {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.type = 'sine';
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
        tone.connect(gain).connect(audio.destination);
        tone.start(start + offset);
        tone.stop(start + offset + 0.25);
    });
    return true;
}

function announce(order) {
    const line = `New order #${orderRef(order.orderId)}: ${itemCount(order)} items, ${money(order.total,
        order.currency)}`;
    $('announcer').textContent = line;
    if (beep()) {
        board.alerts++;
        $('board').dataset.alerts = String(board.alerts);
    }
    if ('Notification' in window && Notification.permission === 'granted') {
        try {
            const note = new Notification('New Dabba order', { body: line, tag: order.orderId });
            note.onclick = () => window.focus();
        } catch {
            // some browsers allow notifications from service workers only
        }
    }
}

function itemCount(order) {
    return (order.items || []).reduce((sum, line) => sum + (line.quantity || 0), 0);
}

// ---- Cards

const COLUMNS = ['new', 'accepted', 'preparing', 'ready', 'closed'];

function columnOf(o) {
    switch (o.status) {
        case 'PENDING_RESTAURANT_ACCEPTANCE':
            return 'new';
        case 'ACCEPTED':
            return o.ready ? 'ready' : 'accepted';
        case 'IN_PREPARATION':
            return o.ready ? 'ready' : 'preparing';
        default:
            return 'closed';
    }
}

function renderAll() {
    const byColumn = Object.fromEntries(COLUMNS.map(c => [c, []]));
    for (const o of board.orders.values()) {
        byColumn[columnOf(o)].push(o);
    }
    byColumn.new.sort((a, b) => deadline(a) - deadline(b));
    for (const c of COLUMNS.slice(1)) {
        byColumn[c].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
    }
    byColumn.closed = byColumn.closed.slice(0, CLOSED_SHOWN);
    for (const c of COLUMNS) {
        const list = $(`col-${c}`);
        const wanted = byColumn[c].map(o => o.orderId);
        // Cards that stay put keep their state (a half-typed reason, the focus); others are drawn afresh.
        for (const card of [...list.children]) {
            if (!wanted.includes(card.dataset.orderId)) {
                card.remove();
            }
        }
        byColumn[c].forEach((o, index) => {
            let card = list.querySelector(`[data-order-id="${o.orderId}"]`);
            const version = `${o.status}|${o.ready}|${o.paymentStatus}`;
            if (!card || card.dataset.version !== version) {
                const fresh = card && card.classList.contains('fresh');
                const next = renderCard(o, version);
                if (fresh) {
                    next.classList.add('fresh');
                }
                if (card) {
                    card.replaceWith(next);
                }
                card = next;
            }
            if (list.children[index] !== card) {
                list.insertBefore(card, list.children[index] || null);
            }
        });
        $(`count-${c}`).textContent = String(byColumn[c].length);
    }
    tick();
}

function deadline(o) {
    const from = Date.parse(o.paidAt || o.updatedAt || o.placedAt);
    return from + ACCEPTANCE_TIMEOUT_MS;
}

function renderCard(o, version) {
    const ref = orderRef(o.orderId);
    const titleId = `order-${o.orderId}-title`;
    const column = columnOf(o);
    const card = el('li', {
        class: `card ${column}`, 'data-order-id': o.orderId, 'data-status': o.status, 'data-version': version,
        'aria-labelledby': titleId
    },
    el('h3', { id: titleId }, el('span', {}, `#${ref}`), el('span', {}, money(o.total, o.currency))),
    el('ul', {}, (o.items || []).map(line => el('li', {}, `${line.quantity} × ${line.name}`,
        line.specialInstructions ? el('div', { class: 'muted' }, `“${line.specialInstructions}”`) : null))),
    o.deliveryAddress ? el('p', { class: 'muted' }, `To ${o.deliveryAddress.street}, ${o.deliveryAddress.city}`)
        : null,
    statusLine(o));
    if (column === 'new') {
        card.append(el('p', { class: 'countdown', 'data-deadline': String(deadline(o)) }), acceptForm(o),
            reasonForm(o, 'reject', 'Reject…', 'Reject order', 'Reason for the customer'));
    } else if (column === 'accepted' || column === 'preparing' || column === 'ready') {
        const buttons = el('div', { class: 'actions' });
        if (o.status === 'ACCEPTED') {
            buttons.append(action(o, 'Start preparing', () => api('POST',
                `/restaurants/${board.restaurant.id}/orders/${o.orderId}/status`, { status: 'IN_PREPARATION' })));
        }
        if (!o.ready) {
            buttons.append(action(o, 'Ready for pickup', () => api('POST',
                `/restaurants/${board.restaurant.id}/orders/${o.orderId}/ready`)));
        }
        card.append(buttons, el('p', { class: 'field-error', role: 'alert', 'data-action-error': '' }),
            reasonForm(o, 'cancel', 'Cancel order…', 'Cancel order', 'Reason for the customer'));
    }
    return card;
}

function statusLine(o) {
    const words = {
        PENDING_RESTAURANT_ACCEPTANCE: 'Waiting for you', ACCEPTED: 'Accepted', IN_PREPARATION: 'Preparing',
        OUT_FOR_DELIVERY: 'Out for delivery', DELIVERED: 'Delivered', REJECTED: 'Rejected', CANCELLED: 'Cancelled'
    };
    const parts = [el('span', { class: 'badge', 'data-status-badge': '' }, words[o.status] || o.status)];
    if (o.ready) {
        parts.push(' ', el('span', { class: 'badge ok' }, 'Food ready'));
    }
    if (o.estimatedReadyAt && (o.status === 'ACCEPTED' || o.status === 'IN_PREPARATION') && !o.ready) {
        parts.push(' ', el('span', { class: 'muted' },
            `ready by ${new Date(o.estimatedReadyAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`));
    }
    if (o.reason && (o.status === 'REJECTED' || o.status === 'CANCELLED')) {
        parts.push(' ', el('span', { class: 'muted' }, o.reason));
    }
    return el('p', {}, parts);
}

function acceptForm(o) {
    const id = `prep-${o.orderId}`;
    const form = el('form', { class: 'inline', id: `accept-${o.orderId}`, novalidate: true },
        el('div', {},
            el('label', { for: id }, 'Prep time (minutes)'),
            el('input', { id, name: 'prepTimeMinutes', type: 'number', min: '1', max: '240', inputmode: 'numeric',
                value: String((board.restaurant && board.restaurant.prepTimeMinutes) || 20), required: true }),
            el('p', { class: 'field-error', 'data-error-for': 'prepTimeMinutes' })),
        el('button', { type: 'submit' }, 'Accept'),
        el('p', { class: 'form-error', role: 'alert', 'data-error-for': '' }));
    form.addEventListener('submit', event => submit(event, form, async () => {
        const minutes = Number(form.prepTimeMinutes.value);
        const order = await api('POST', `/restaurants/${board.restaurant.id}/orders/${o.orderId}/accept`,
            { prepTimeMinutes: Number.isFinite(minutes) && form.prepTimeMinutes.value !== '' ? minutes : null });
        remember(Object.assign(fromApi(order), { ready: board.orders.get(o.orderId)?.ready || false }));
        renderAll();
    }));
    return form;
}

/** Reject or cancel: both need a reason, which the customer is shown. */
function reasonForm(o, kind, summary, buttonText, labelText) {
    const id = `${kind}-reason-${o.orderId}`;
    const form = el('form', { id: `${kind}-${o.orderId}`, novalidate: true },
        el('label', { for: id }, labelText),
        el('input', { id, name: 'reason', type: 'text', maxlength: '200', required: true }),
        el('p', { class: 'field-error', 'data-error-for': 'reason' }),
        el('p', { class: 'form-error', role: 'alert', 'data-error-for': '' }),
        el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'danger' }, buttonText)));
    form.addEventListener('submit', event => submit(event, form, async () => {
        const reason = form.reason.value.trim();
        if (!reason) {
            showProblem(form, { detail: 'Please give a reason.', fields: { reason: 'Please give a reason.' } });
            return;
        }
        const path = kind === 'reject' ? `/restaurants/${board.restaurant.id}/orders/${o.orderId}/reject`
            : `/orders/${o.orderId}/cancel`;
        const order = await api('POST', path, { reason });
        remember(Object.assign(fromApi(order), { reason }));
        renderAll();
    }));
    return el('details', {}, el('summary', {}, summary), form);
}

function action(o, text, call) {
    return el('button', {
        type: 'button', class: 'secondary', onclick: async event => {
            const button = event.currentTarget;
            const card = button.closest('.card');
            const error = card.querySelector('[data-action-error]');
            error.textContent = '';
            button.disabled = true;
            try {
                const order = await call();
                const known = board.orders.get(o.orderId) || {};
                remember(Object.assign(fromApi(order), { ready: known.ready || Boolean(order.readyAt)
                    || text === 'Ready for pickup' }));
                renderAll();
            } catch (problem) {
                error.textContent = problem.detail;
                button.disabled = false;
            }
        }
    }, text);
}

function submit(event, form, work) {
    event.preventDefault();
    return whileBusy(form, work);
}

// ---- The countdowns, once a second

function tick() {
    const now = Date.now();
    document.querySelectorAll('.countdown[data-deadline]').forEach(node => {
        const left = Number(node.dataset.deadline) - now;
        if (left <= 0) {
            node.textContent = 'Auto-rejecting now…';
            node.classList.add('urgent');
            return;
        }
        const minutes = Math.floor(left / 60_000);
        const seconds = Math.floor((left % 60_000) / 1000);
        node.textContent = `Auto-reject in ${minutes}:${String(seconds).padStart(2, '0')}`;
        node.classList.toggle('urgent', left < 60_000);
    });
}

setInterval(tick, 1000);

// ---- Start

if (currentUser()) {
    showRestaurants();
} else {
    showSignIn();
}
