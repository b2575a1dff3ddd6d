// The customer's orders, one order's live page (status timeline, the courier on the map with the ETA, cancelling
// while allowed, rating once delivered) and the notifications.
import { api, clearProblem, el, money, orderRef, publicApi, showProblem, socket } from '/assets/dabba.js';
import { placeMap } from '/assets/map.js';

/** The way an order goes when all is well, as the customer reads it. */
const STEPS = [
    ['PAYMENT_PENDING', 'Placed'],
    ['PENDING_RESTAURANT_ACCEPTANCE', 'Paid'],
    ['ACCEPTED', 'Accepted'],
    ['IN_PREPARATION', 'Being prepared'],
    ['OUT_FOR_DELIVERY', 'On the way'],
    ['DELIVERED', 'Delivered']
];

const NOW = {
    PAYMENT_PENDING: 'Waiting for the payment',
    PENDING_RESTAURANT_ACCEPTANCE: 'Paid, waiting for the restaurant to accept',
    ACCEPTED: 'Accepted by the restaurant',
    IN_PREPARATION: 'Being prepared',
    OUT_FOR_DELIVERY: 'On the way to you',
    DELIVERED: 'Delivered',
    PAYMENT_FAILED: 'The payment failed',
    REJECTED: 'Rejected by the restaurant',
    CANCELLED: 'Cancelled'
};

const OVER = new Set(['DELIVERED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED']);
/** The customer may cancel until the restaurant accepts (the API's rule). */
const CANCELLABLE = new Set(['PAYMENT_PENDING', 'PENDING_RESTAURANT_ACCEPTANCE']);
/** A courier may be on the way to the restaurant or to the customer. */
const TRACKED = new Set(['ACCEPTED', 'IN_PREPARATION', 'OUT_FOR_DELIVERY']);

function when(iso) {
    return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function badgeClass(status) {
    if (status === 'DELIVERED') {
        return 'badge ok';
    }
    return OVER.has(status) ? 'badge bad' : 'badge warn';
}

export async function renderOrders(view, ctx) {
    await ctx.requireSignIn(view, 'Sign in to see your orders');
    const section = el('section', { class: 'panel', 'aria-labelledby': 'orders-title' },
        el('h2', { id: 'orders-title' }, 'Your orders'));
    view.replaceChildren(section);
    const page = await api('GET', '/orders?size=50');
    if (!page.items.length) {
        section.append(el('p', {}, 'No orders yet. ', el('a', { href: '#/' }, 'Find food')));
        return;
    }
    section.append(el('ul', { class: 'list orders-list' }, page.items.map(order => el('li', {},
        el('a', { class: 'order-link', href: `#/orders/${order.orderId}`, 'data-order-id': order.orderId },
            el('span', { class: 'ref' }, `Order ${orderRef(order.orderId)}`),
            el('span', { class: badgeClass(order.status) }, NOW[order.status] || order.status),
            el('span', { class: 'muted' }, `${money(order.pricing.total, order.pricing.currency)} · ${when(order.createdAt)}`))))));
}

export async function renderOrder(view, ctx, orderId) {
    await ctx.requireSignIn(view, 'Sign in to see your order');
    let order = await api('GET', `/orders/${encodeURIComponent(orderId)}`);
    let restaurant = null;
    try {
        restaurant = await publicApi('GET', `/restaurants/${order.restaurantId}`);
    } catch {
        restaurant = null; // the map then shows the drop-off and the courier only
    }

    const heading = el('h2', { id: 'order-title' }, `Order ${orderRef(order.orderId)}`);
    const statusNow = el('p', { class: 'status-now', role: 'status' });
    const statusReason = el('p', { class: 'status-reason' });
    const timeline = el('ol', { class: 'timeline', 'aria-label': 'Order progress' });
    const tracking = el('section', { class: 'tracking', 'aria-labelledby': 'tracking-title', hidden: true },
        el('h3', { id: 'tracking-title' }, 'Your courier'));
    const eta = el('p', { class: 'eta', 'aria-live': 'polite' });
    const mapBox = el('div', { class: 'map-box' });
    tracking.append(eta, mapBox);
    const actions = el('div', { class: 'order-actions' });
    const rating = el('div', { class: 'rating-box' });
    const details = el('section', { class: 'order-details', 'aria-labelledby': 'details-title' });

    view.replaceChildren(el('section', { class: 'panel order', 'aria-labelledby': 'order-title' },
        heading,
        restaurant ? el('p', { class: 'muted' }, restaurant.name) : null,
        statusNow, statusReason, timeline, tracking, actions, rating, details));

    const map = placeMap(mapBox, { label: 'Map of your delivery', tileUrl: ctx.settings.map && ctx.settings.map.tileUrl,
        attribution: ctx.settings.map && ctx.settings.map.attribution });
    let courier = null;

    function drawMap() {
        const dropoff = { lat: order.deliveryAddress.latitude, lon: order.deliveryAddress.longitude, kind: 'dropoff',
            label: 'You' };
        const places = [dropoff];
        if (restaurant && restaurant.address) {
            places.push({ lat: restaurant.address.latitude, lon: restaurant.address.longitude, kind: 'restaurant',
                label: restaurant.name });
        }
        if (courier) {
            places.push({ lat: courier.lat, lon: courier.long, kind: 'courier', label: 'Courier' });
        }
        map.show({ center: dropoff, places });
    }

    function drawStatus() {
        statusNow.textContent = NOW[order.status] || order.status;
        // the move into this status carries its reason; later notes on it (a refund settled) do not replace it
        const last = (order.history || []).filter(h => h.to === order.status && h.from !== h.to).pop();
        const reason = last && last.reason;
        statusReason.textContent = OVER.has(order.status) && order.status !== 'DELIVERED' && reason
            ? `Reason: ${reason}` : '';
        const reached = new Map((order.history || []).map(h => [h.to, h.at]));
        const current = STEPS.findIndex(([status]) => status === order.status);
        // an order that ended early stops the timeline where it was
        const upTo = current >= 0 ? current
            : Math.max(...STEPS.map(([status], i) => (reached.has(status) ? i : -1)));
        timeline.replaceChildren(...STEPS.map(([status, label], i) => el('li', {
            class: i < upTo || (i === upTo && (current < 0 || status === 'DELIVERED')) ? 'done'
                : i === upTo ? 'current' : 'todo',
            'aria-current': i === current ? 'step' : null
        }, el('span', { class: 'step' }, label),
        reached.has(status) ? el('time', { datetime: reached.get(status) }, when(reached.get(status))) : null)));
        timeline.classList.toggle('ended', current < 0);
    }

    function drawDetails() {
        const p = order.pricing;
        details.replaceChildren(el('h3', { id: 'details-title' }, 'Details'),
            el('ul', { class: 'lines' }, order.items.map(line => el('li', {},
                el('span', {}, `${line.quantity} × ${line.name}`), el('span', {}, money(line.lineTotal, p.currency))))),
            el('p', {}, 'Total ', el('strong', {}, money(p.total, p.currency))),
            el('p', { class: 'muted' }, `To ${order.deliveryAddress.street}, ${order.deliveryAddress.city} `
                + `${order.deliveryAddress.zipCode}`));
    }

    function drawCancel() {
        if (!CANCELLABLE.has(order.status)) {
            actions.replaceChildren();
            return;
        }
        if (actions.querySelector('.cancel')) {
            return;
        }
        const open = el('button', { type: 'button', class: 'danger cancel', 'aria-expanded': 'false',
            'aria-controls': 'cancel-form' }, 'Cancel order');
        const form = el('form', { id: 'cancel-form', hidden: true, novalidate: true },
            el('label', { for: 'cancel-reason' }, 'Reason for cancelling'),
            el('textarea', { id: 'cancel-reason', name: 'reason', required: true, maxlength: '200', rows: '2' }),
            el('p', { class: 'field-error', 'data-error-for': 'reason' }),
            el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
            el('div', { class: 'actions' },
                el('button', { type: 'submit', class: 'danger' }, 'Confirm cancellation'),
                el('button', { type: 'button', class: 'secondary keep' }, 'Keep my order')));
        open.addEventListener('click', () => {
            form.hidden = false;
            open.setAttribute('aria-expanded', 'true');
            form.elements.reason.focus();
        });
        form.querySelector('.keep').addEventListener('click', () => {
            form.hidden = true;
            open.setAttribute('aria-expanded', 'false');
            open.focus();
        });
        form.addEventListener('submit', async event => {
            event.preventDefault();
            clearProblem(form);
            const reason = form.elements.reason.value.trim();
            if (!reason) {
                showProblem(form, { detail: 'Say why you cancel (the restaurant reads it).' }, 'reason');
                return;
            }
            try {
                order = await api('POST', `/orders/${order.orderId}/cancel`, { reason });
                ctx.announce('Your order is cancelled. A paid order is refunded in full.');
                redraw();
            } catch (problem) {
                showProblem(form, problem, 'reason');
            }
        });
        actions.replaceChildren(el('div', { class: 'cancel' }, open, form));
    }

    async function drawRating() {
        if (order.status !== 'DELIVERED') {
            rating.replaceChildren();
            return;
        }
        if (rating.childElementCount) {
            return;
        }
        let given = null;
        try {
            given = await api('GET', `/orders/${order.orderId}/rating`);
        } catch {
            given = null; // not rated yet (404)
        }
        if (given) {
            rating.replaceChildren(rated(given));
            return;
        }
        const stars = el('fieldset', {}, el('legend', {}, 'Rate your order'),
            el('div', { class: 'stars' }, [1, 2, 3, 4, 5].map(n => el('label', { class: 'star' },
                el('input', { type: 'radio', name: 'stars', value: String(n), 'aria-label': `${n} stars` }),
                el('span', { 'aria-hidden': 'true' }, '★'.repeat(n))))),
            el('p', { class: 'field-error', 'data-error-for': 'stars' }));
        const form = el('form', { id: 'rating-form', novalidate: true }, stars,
            el('label', { for: 'rating-comment' }, 'Comment (optional)'),
            el('textarea', { id: 'rating-comment', name: 'comment', maxlength: '1000', rows: '3' }),
            el('p', { class: 'field-error', 'data-error-for': 'comment' }),
            el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
            el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Send rating')));
        form.addEventListener('submit', async event => {
            event.preventDefault();
            clearProblem(form);
            const chosen = form.querySelector('input[name=stars]:checked');
            if (!chosen) {
                showProblem(form, { detail: 'Choose from 1 to 5 stars.' }, 'stars');
                return;
            }
            const comment = form.elements.comment.value.trim();
            try {
                const saved = await api('POST', `/orders/${order.orderId}/rating`,
                    { stars: Number(chosen.value), comment: comment || null });
                rating.replaceChildren(rated(saved));
                ctx.announce('Thank you for rating your order');
            } catch (problem) {
                showProblem(form, problem, 'stars');
            }
        });
        rating.replaceChildren(form);
    }

    function rated(given) {
        return el('p', { class: 'rated', tabindex: '-1' },
            `You rated this order ${given.stars} ${given.stars === 1 ? 'star' : 'stars'}.`,
            given.comment ? el('span', { class: 'muted' }, ` “${given.comment}”`) : null);
    }

    function drawCourier() {
        if (!TRACKED.has(order.status) || !courier) {
            tracking.hidden = !TRACKED.has(order.status) || !courier;
            return;
        }
        tracking.hidden = false;
        eta.textContent = Number.isFinite(courier.etaMinutes)
            ? `Arriving in about ${courier.etaMinutes} ${courier.etaMinutes === 1 ? 'minute' : 'minutes'}`
            : 'Your courier is on the way to the restaurant';
        drawMap();
    }

    let locating = false;
    /** Where the courier is, with the ETA (from the API; the socket's positions come without one). */
    async function locate() {
        if (!TRACKED.has(order.status) || locating) {
            return;
        }
        locating = true;
        try {
            courier = await api('GET', `/orders/${order.orderId}/location`);
        } catch {
            // no courier yet, or none has sent a position: nothing to draw
        } finally {
            locating = false;
        }
        drawCourier();
    }

    function redraw() {
        drawStatus();
        drawCancel();
        drawRating();
        if (!TRACKED.has(order.status)) {
            tracking.hidden = true;
        }
    }

    // One read at a time; news arriving during a read asks for one more, since that read may predate it.
    let refreshing = null;
    let readAgain = false;
    async function refreshOrder() {
        if (refreshing) {
            readAgain = true;
        } else {
            refreshing = api('GET', `/orders/${order.orderId}`).then(fresh => {
                const before = order.status;
                order = fresh;
                redraw();
                if (before !== order.status) {
                    ctx.announce(NOW[order.status] || order.status);
                    // a paid order's cart is gone
                    ctx.refreshCartCount(before === 'PAYMENT_PENDING');
                }
                return locate();
            }).catch(() => {}).finally(() => {
                refreshing = null;
                if (readAgain) {
                    readAgain = false;
                    refreshOrder();
                }
            });
        }
        return refreshing;
    }

    const live = socket(`/ws/orders/${order.orderId}`, {
        onMessage: message => {
            if (message.type === 'order.status' && message.status !== order.status) {
                refreshOrder();
            } else if (message.type === 'courier.location') {
                courier = Object.assign({}, courier || {}, { lat: message.lat, long: message.long });
                drawCourier();
                locate();
            } else if (message.type === 'notification' && message.title) {
                ctx.announce(message.title);
            }
        },
        onState: state => {
            if (state === 'open') {
                refreshOrder();
            }
        }
    });
    // The ETA changes as the courier moves; the socket only says where.
    const etaTimer = setInterval(() => {
        if (TRACKED.has(order.status) && !document.hidden) {
            locate();
        }
    }, 15_000);
    ctx.onLeave(() => {
        live.close();
        clearInterval(etaTimer);
    });

    drawDetails();
    redraw();
    drawMap();
    await locate();
}

export async function renderNotifications(view, ctx) {
    await ctx.requireSignIn(view, 'Sign in to see your notifications');
    const section = el('section', { class: 'panel', 'aria-labelledby': 'notifications-title' },
        el('h2', { id: 'notifications-title' }, 'Notifications'));
    view.replaceChildren(section);
    const page = await api('GET', '/notifications?size=50');
    if (!page.items.length) {
        section.append(el('p', { class: 'muted' }, 'No notifications yet.'));
        return;
    }
    section.append(el('ul', { class: 'list notifications' }, page.items.map(n => el('li', { class: 'notification' },
        el('h3', {}, n.type && n.type.startsWith('order') && n.subjectId
            ? el('a', { href: `#/orders/${n.subjectId}` }, n.title) : n.title),
        n.body ? el('p', {}, n.body) : null,
        el('time', { class: 'muted', datetime: n.createdAt }, when(n.createdAt))))));
}
