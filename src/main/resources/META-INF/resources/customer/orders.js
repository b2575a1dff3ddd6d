// The customer's orders, one order's live page and the notifications.
import { el } from '/assets/dabba.js';

export function renderOrders(view) {
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Your orders')));
}

export function renderOrder(view, ctx, id) {
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Order')));
}

export function renderNotifications(view) {
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Notifications')));
}
