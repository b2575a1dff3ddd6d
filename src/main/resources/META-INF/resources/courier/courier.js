// The courier's app: sign in or sign up with the vehicle, wait for approval, go available and stream the phone's
// position over the courier socket, take offers, and work the current delivery from pickup to the door.
import {
    api, clearProblem, currentUser, el, logout, money, onSignedOut, orderRef, showProblem, socket
} from '/assets/dabba.js';
import { accountPanel } from '/assets/account.js';
import { distanceKm, placeMap } from '/assets/map.js';

// The platform forgets a courier whose last position is older than a minute (dabba.delivery.stale-after): a
// phone standing still sends no new fix, so the last one is sent again this often.
const RESEND_MS = 15_000;
// At most this often a moving phone's fixes go out (the socket drops more than two a second).
const SEND_EVERY_MS = 1_000;
// An offer that ran out stays this long, saying so, before it goes.
const EXPIRED_SHOWN_MS = 8_000;

const $ = id => document.getElementById(id);

const app = {
    profile: null,
    availability: 'OFFLINE',
    socket: null,
    watch: null,
    position: null,
    lastSent: 0,
    resendTimer: null,
    offers: new Map(),
    job: null,
    map: null,
    tiles: null
};

// ---- Views

function showView(view) {
    $('account').hidden = view !== 'account';
    $('shift').hidden = view !== 'shift';
    const user = currentUser();
    $('who').hidden = !user;
    $('who').textContent = user ? user.email : '';
    $('sign-out').hidden = !user;
}

function announce(text) {
    $('announcer').textContent = '';
    // a fresh text node, so the same words twice are read twice
    setTimeout(() => {
        $('announcer').textContent = text;
    }, 50);
}

function showSignIn() {
    stopLive();
    app.offers.clear();
    app.job = null;
    showView('account');
    accountPanel($('account'), {
        role: 'COURIER',
        title: 'Deliver with Dabba',
        who: 'couriers',
        onSignedIn: () => start(),
        extraFields: [
            { name: 'courier.vehicle', label: 'Vehicle', options: [['SCOOTER', 'Scooter'],
                ['MOTORCYCLE', 'Motorcycle'], ['BICYCLE', 'Bicycle'], ['CAR', 'Car']] },
            { name: 'courier.vehicleRegistration', label: 'Number plate', required: false, autocomplete: 'off',
                hint: 'E.g. TS09AB1234; not needed for a bicycle' },
            { name: 'courier.licenseNumber', label: 'Driving licence number', required: false, autocomplete: 'off',
                hint: 'Not needed for a bicycle' }
        ],
        extraBody: form => {
            const value = name => form.elements[name].value.trim() || null;
            return { courier: { vehicle: form.elements['courier.vehicle'].value,
                vehicleRegistration: value('courier.vehicleRegistration'),
                licenseNumber: value('courier.licenseNumber') } };
        }
    });
}

$('sign-out').addEventListener('click', async () => {
    if (app.availability === 'AVAILABLE') {
        // off shift: no offers for a courier who signed out
        await api('PUT', '/couriers/me/availability', { status: 'OFFLINE' }).catch(() => {});
    }
    await logout();
});

onSignedOut(() => showSignIn());

// ---- The courier's standing: approval and availability

async function start() {
    showView('shift');
    $('shift-error').textContent = '';
    if (!app.tiles) {
        app.tiles = await fetch('/pages/settings').then(r => r.json()).then(s => s.map || {}).catch(() => ({}));
    }
    await loadMe();
    await loadJob();
    if (app.availability === 'AVAILABLE' || app.availability === 'BUSY') {
        startLive();
    }
}

async function loadMe() {
    try {
        const me = await api('GET', '/couriers/me');
        app.profile = me;
        if (me.availability) {
            app.availability = me.availability;
        }
    } catch (problem) {
        $('shift-error').textContent = problem.detail;
    }
    renderStanding();
}

function renderStanding() {
    const status = app.profile ? app.profile.status : null;
    const approved = status === 'APPROVED';
    const box = $('approval');
    box.hidden = approved || !status;
    if (status === 'PENDING') {
        $('approval-title').textContent = 'Waiting for approval';
        $('approval-detail').textContent = 'Dabba checks your vehicle and licence before your first offer. '
            + 'You can go available once you are approved.';
    } else if (status === 'REJECTED' || status === 'SUSPENDED') {
        $('approval-title').textContent = status === 'REJECTED' ? 'Not approved' : 'Suspended';
        $('approval-detail').textContent = app.profile.statusReason || 'Contact Dabba support.';
    }
    const toggle = $('available-switch');
    const on = app.availability === 'AVAILABLE' || app.availability === 'BUSY';
    toggle.setAttribute('aria-checked', String(on));
    toggle.disabled = !approved || app.availability === 'BUSY';
    $('available-hint').textContent = !approved ? 'You can go available once approved'
        : app.availability === 'BUSY' ? 'On a delivery'
            : on ? 'Getting offers' : 'You are offline';
}

$('approval-check').addEventListener('click', async () => {
    await loadMe();
    if (app.profile && app.profile.status === 'APPROVED') {
        announce('You are approved. Go available to get offers.');
        $('available-switch').focus();
    }
});

$('available-switch').addEventListener('click', async event => {
    const toggle = event.currentTarget;
    const goingOn = toggle.getAttribute('aria-checked') !== 'true';
    $('shift-error').textContent = '';
    toggle.disabled = true;
    try {
        if (goingOn) {
            const answer = await api('PUT', '/couriers/me/availability', { status: 'AVAILABLE' });
            app.availability = answer.status;
            startLive();
        } else {
            const answer = await api('PUT', '/couriers/me/availability', { status: 'OFFLINE' });
            app.availability = answer.status;
            stopLive();
            app.offers.clear();
            renderOffers();
        }
    } catch (problem) {
        $('shift-error').textContent = problem.detail;
    }
    renderStanding();
});

// ---- Live: the socket and the phone's position

function startLive() {
    if (!app.socket) {
        app.socket = socket('/ws/couriers/me', { onMessage: received, onState: connection });
    }
    if (app.watch === null) {
        if (!('geolocation' in navigator)) {
            $('shift-error').textContent = 'This browser cannot tell where you are, so no offers can reach you.';
        } else {
            app.watch = navigator.geolocation.watchPosition(located, unlocated,
                { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 });
        }
    }
    clearInterval(app.resendTimer);
    app.resendTimer = setInterval(() => sendPosition(true), RESEND_MS);
}

function stopLive() {
    if (app.socket) {
        app.socket.close();
        app.socket = null;
    }
    if (app.watch !== null) {
        navigator.geolocation.clearWatch(app.watch);
        app.watch = null;
    }
    clearInterval(app.resendTimer);
    app.resendTimer = null;
    connection('closed');
}

function connection(state) {
    const words = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' };
    $('connection').dataset.state = state;
    $('connection').textContent = words[state] || state;
    if (state === 'open') {
        // whatever happened while the line was down: the position first, then the delivery as it stands
        sendPosition(true);
        loadJob();
    }
}

function located(fix) {
    const c = fix.coords;
    const first = !app.position;
    app.position = { lat: c.latitude, lon: c.longitude,
        heading: Number.isFinite(c.heading) && c.heading >= 0 && c.heading < 360 ? c.heading : null,
        speed: Number.isFinite(c.speed) && c.speed >= 0 && c.speed <= 100 ? c.speed : null };
    $('position').textContent = `Your position: ${c.latitude.toFixed(5)}, ${c.longitude.toFixed(5)}`;
    if (app.shiftError === 'position') {
        $('shift-error').textContent = '';
        app.shiftError = null;
    }
    sendPosition(false);
    if (first && app.offers.size) {
        renderOffers(); // their distances from here; later fixes leave the cards (and the buttons) alone
    }
    drawMap();
}

function unlocated(error) {
    app.shiftError = 'position';
    $('shift-error').textContent = error.code === error.PERMISSION_DENIED
        ? 'Allow this page to use your location: offers go to couriers nearby.'
        : 'Your position cannot be found right now; offers need it.';
}

/** The newest position, at most once a second; {@code again}: the same one, so the platform keeps it fresh. */
function sendPosition(again) {
    if (!app.socket || !app.position) {
        return;
    }
    const now = Date.now();
    if (!again && now - app.lastSent < SEND_EVERY_MS) {
        return;
    }
    const message = { type: 'location', lat: app.position.lat, long: app.position.lon };
    if (app.position.heading !== null) {
        message.heading = app.position.heading;
    }
    if (app.position.speed !== null) {
        message.speed = app.position.speed;
    }
    // no ts: the platform stamps it on arrival, so a phone's clock that is off does not get positions refused
    if (app.socket.send(message)) {
        app.lastSent = now;
    }
}

function received(message) {
    switch (message.type) {
        case 'offer':
            app.offers.set(message.orderId, Object.assign({}, message, { expired: false, note: '' }));
            renderOffers();
            announce(`New offer from ${message.restaurant ? message.restaurant.name : 'a restaurant'}, `
                + `payout ${money(message.payout, message.currency)}`);
            break;
        case 'offer.revoked':
            // the platform's reason in its words: taken by another courier, or the order cancelled
            revoked(message.orderId, message.reason
                ? message.reason[0].toUpperCase() + message.reason.slice(1) : 'No longer available');
            break;
        case 'assigned':
            app.offers.delete(message.orderId);
            renderOffers();
            loadJob().then(() => announce('A delivery is yours: go to the restaurant.'));
            break;
        case 'order.ready':
            if (app.job && app.job.orderId === message.orderId) {
                app.job.readyAt = app.job.readyAt || new Date().toISOString();
                renderJob();
                announce('The order is ready for pickup.');
            }
            break;
        case 'released':
            ended(message.orderId, message.reason === 'no-show'
                ? 'The delivery was taken back: you did not reach the restaurant in time.'
                : 'The delivery was taken back and given to another courier.');
            break;
        case 'order.cancelled':
            ended(message.orderId, `The order was cancelled${message.reason ? `: ${message.reason}` : ''}. `
                + 'You are available again.');
            break;
        case 'error':
            if (message.code === 'courier-offline') {
                app.availability = 'OFFLINE';
                stopLive();
                renderStanding();
            }
            $('shift-error').textContent = message.detail || 'Something went wrong';
            break;
        default:
            break; // warnings (a position too fast or too often) need nothing from the courier
    }
}

function revoked(orderId, note) {
    const offer = app.offers.get(orderId);
    if (!offer) {
        return;
    }
    offer.expired = true;
    offer.note = note;
    renderOffers();
    setTimeout(() => {
        if (app.offers.get(orderId) === offer) {
            app.offers.delete(orderId);
            renderOffers();
        }
    }, EXPIRED_SHOWN_MS);
}

function ended(orderId, text) {
    if (app.job && app.job.orderId === orderId) {
        app.job = null;
        renderJob();
    }
    loadMe();
    done(text);
}

function done(text) {
    $('done').textContent = text;
    $('done').hidden = false;
    announce(text);
}

// ---- Offers

function renderOffers() {
    const list = $('offer-list');
    const focused = document.activeElement && list.contains(document.activeElement)
        ? document.activeElement.closest('[data-order-id]') : null;
    const keep = focused ? focused.dataset.orderId : null;
    list.replaceChildren(...[...app.offers.values()].map(offerCard));
    $('offers-empty').hidden = app.offers.size > 0;
    if (keep) {
        const again = list.querySelector(`[data-order-id="${CSS.escape(keep)}"] button:not([disabled])`);
        if (again) {
            again.focus();
        }
    }
    tick();
}

function offerCard(o) {
    const r = o.restaurant || { name: 'A restaurant' };
    const at = r.location ? { lat: r.location.lat, lon: r.location.long } : null;
    const toPickup = at && app.position ? distanceKm(app.position, at) : null;
    const area = o.dropoffArea;
    const titleId = `offer-${o.orderId}-title`;
    const errorId = `offer-${o.orderId}-error`;
    return el('li', { class: `card offer${o.expired ? ' expired' : ''}`, 'data-order-id': o.orderId,
        'aria-labelledby': titleId },
        el('h3', { id: titleId }, el('span', {}, r.name), el('span', { class: 'payout' }, money(o.payout, o.currency))),
        el('dl', { class: 'facts' },
            el('dt', {}, 'Pickup'),
            el('dd', {}, r.name, toPickup === null ? '' : `, ${toPickup.toFixed(1)} km from you`),
            el('dt', {}, 'Drop-off'),
            el('dd', {}, area ? `${area.distanceKm.toFixed(1)} km from the restaurant` : 'Near the restaurant'),
            el('dt', {}, 'Distance'),
            el('dd', { class: 'distance' }, `${((toPickup || 0) + (area ? area.distanceKm : 0)).toFixed(1)} km in all`),
            el('dt', {}, 'Payout'),
            el('dd', {}, money(o.payout, o.currency))),
        el('p', { class: 'countdown', 'data-expires': o.expiresAt, role: 'timer', 'aria-live': 'off' },
            o.expired ? o.note || 'Offer expired' : ''),
        el('p', { class: 'form-error', id: errorId, role: 'alert' }),
        el('div', { class: 'actions' },
            el('button', { type: 'button', class: 'accept', disabled: o.expired, 'aria-describedby': errorId,
                onclick: event => accept(o, event.currentTarget) }, 'Accept'),
            el('button', { type: 'button', class: 'secondary', onclick: () => decline(o) },
                o.expired ? 'Dismiss' : 'Decline')));
}

async function accept(offer, button) {
    const card = button.closest('[data-order-id]');
    const error = card.querySelector('.form-error');
    error.textContent = '';
    button.disabled = true;
    try {
        await api('POST', `/deliveries/${offer.orderId}/accept`);
        app.offers.delete(offer.orderId);
        // taken: every other offer is moot while on a delivery
        app.offers.clear();
        renderOffers();
        app.availability = 'BUSY';
        renderStanding();
        await loadJob();
        announce('Accepted: go to the restaurant.');
        $('delivery-title').focus();
    } catch (problem) {
        const gone = { 'offer-expired': 'Offer expired', 'no-longer-available': 'Taken by another courier' }[
            problem.type.split('/').pop()];
        if (gone) {
            offer.expired = true;
            offer.note = gone;
            renderOffers();
            const again = $('offer-list').querySelector(`[data-order-id="${CSS.escape(offer.orderId)}"] .form-error`);
            if (again) {
                again.textContent = problem.detail;
            }
        } else {
            error.textContent = problem.detail;
            button.disabled = false;
        }
    }
}

/** Saying no needs no word to the platform: the offer runs out and goes to the next courier. */
function decline(offer) {
    app.offers.delete(offer.orderId);
    renderOffers();
    $('offers-title').focus();
}

function tick() {
    const now = Date.now();
    document.querySelectorAll('.offer .countdown[data-expires]').forEach(node => {
        const card = node.closest('[data-order-id]');
        const offer = app.offers.get(card.dataset.orderId);
        if (!offer || offer.expired) {
            return;
        }
        const left = Math.ceil((Date.parse(node.dataset.expires) - now) / 1000);
        if (left <= 0) {
            revoked(offer.orderId, 'Offer expired');
            return;
        }
        node.textContent = `Expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
        node.classList.toggle('urgent', left <= 10);
    });
}

setInterval(tick, 250);

// ---- The current delivery

async function loadJob() {
    try {
        app.job = await api('GET', '/couriers/me/delivery');
        $('done').hidden = true;
    } catch (problem) {
        if (problem.status === 404) {
            app.job = null;
        } else {
            $('delivery-error').textContent = problem.detail;
        }
    }
    if (app.job && app.availability !== 'BUSY') {
        app.availability = 'BUSY';
        renderStanding();
    }
    renderJob();
}

const STATUS_WORDS = {
    ACCEPTED: 'Go to the restaurant', IN_PREPARATION: 'Being prepared', OUT_FOR_DELIVERY: 'On the way to the customer'
};

function renderJob() {
    const job = app.job;
    $('delivery').hidden = !job;
    // one delivery at a time: no offers come while on one
    $('offers').hidden = Boolean(job);
    if (!job) {
        return;
    }
    $('delivery-ref').textContent = `#${orderRef(job.orderId)}`;
    const onTheWay = job.status === 'OUT_FOR_DELIVERY';
    $('delivery-status').textContent = !onTheWay && job.readyAt ? 'Ready for pickup' : STATUS_WORDS[job.status]
        || job.status;
    $('delivery-status').className = `badge ${onTheWay || job.readyAt ? 'ok' : 'warn'}`;

    const r = job.restaurant;
    $('pickup-name').textContent = r.name;
    $('pickup-address').textContent = [r.street, [r.city, r.zipCode].filter(Boolean).join(' ')]
        .filter(Boolean).join(', ');
    $('pickup-phone').replaceChildren(r.phone ? el('a', { href: `tel:${r.phone}` }, `Call ${r.name}: ${r.phone}`) : '');
    $('pickup-ready').textContent = onTheWay ? 'Picked up'
        : job.readyAt ? 'The food is ready'
            : job.estimatedReadyAt ? `Ready at about ${new Date(job.estimatedReadyAt).toLocaleTimeString([], {
                hour: '2-digit', minute: '2-digit' })}` : 'The restaurant is preparing it';

    $('delivery-items').replaceChildren(...job.items.map(i => el('li', {},
        el('strong', {}, `${i.quantity} × ${i.name}`),
        i.specialInstructions ? el('span', { class: 'muted' }, ` (${i.specialInstructions})`) : null)));

    const d = job.dropoff;
    $('dropoff-address').textContent = [d.street, [d.city, d.zipCode].filter(Boolean).join(' ')]
        .filter(Boolean).join(', ');
    $('dropoff-customer').textContent = d.customerFirstName ? `Ask for ${d.customerFirstName}` : '';
    $('delivery-payout').textContent = money(job.payout, job.currency);

    $('picked-up').hidden = onTheWay;
    $('deliver-form').hidden = !onTheWay;
    $('code-field').hidden = !(onTheWay && job.codeRequired);
    $('release').hidden = onTheWay;
    drawMap();
}

function drawMap() {
    const job = app.job;
    if (!job) {
        return;
    }
    if (!app.map) {
        app.map = placeMap($('delivery-map'), { label: 'Map of the delivery',
            tileUrl: app.tiles && app.tiles.tileUrl, attribution: app.tiles && app.tiles.attribution });
    }
    const restaurant = { lat: job.restaurant.lat, lon: job.restaurant.long };
    const places = [];
    if (app.position) {
        // drawn first, so that at the restaurant's door its name stays readable on top
        const there = distanceKm(app.position, restaurant) < 0.05;
        places.push({ lat: app.position.lat, lon: app.position.lon, kind: 'courier', label: there ? '' : 'You' });
    }
    places.push(Object.assign({ kind: 'restaurant', label: job.restaurant.name }, restaurant),
        { lat: job.dropoff.lat, lon: job.dropoff.long, kind: 'dropoff', label: 'Drop-off' });
    app.map.show({ places });
}

$('picked-up').addEventListener('click', async event => {
    const button = event.currentTarget;
    $('delivery-error').textContent = '';
    button.disabled = true;
    try {
        await api('POST', `/deliveries/${app.job.orderId}/pickup`);
        await loadJob();
        announce('Picked up: take it to the customer.');
        const next = app.job && app.job.codeRequired ? $('delivery-code') : $('delivered');
        next.focus();
    } catch (problem) {
        $('delivery-error').textContent = problem.detail;
    } finally {
        button.disabled = false;
    }
});

$('deliver-form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.currentTarget;
    clearProblem(form);
    $('delivery-error').textContent = '';
    const button = $('delivered');
    button.disabled = true;
    const otp = form.otp.value.trim();
    try {
        await api('POST', `/deliveries/${app.job.orderId}/deliver`, otp ? { otp } : {});
        form.reset();
        app.job = null;
        renderJob();
        app.availability = 'AVAILABLE';
        renderStanding();
        done('Delivered. Thank you! You are available for the next offer.');
        loadMe();
    } catch (problem) {
        if (problem.fields && problem.fields.otp) {
            // the platform asks for a code this page did not know was needed
            $('code-field').hidden = false;
        }
        showProblem(form, problem, $('code-field').hidden ? '' : 'otp');
    } finally {
        button.disabled = false;
    }
});

$('release-form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.currentTarget;
    clearProblem(form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
        await api('POST', `/deliveries/${app.job.orderId}/release`, { reason: form.reason.value.trim() });
        form.reset();
        $('release').open = false;
        app.job = null;
        renderJob();
        app.availability = 'AVAILABLE';
        renderStanding();
        done('Released: the order goes to another courier. You are available again.');
        loadMe();
    } catch (problem) {
        showProblem(form, problem, 'reason');
    } finally {
        button.disabled = false;
    }
});

// ---- Start

const user = currentUser();
if (user && user.roles.includes('COURIER')) {
    start();
} else {
    showSignIn();
}
