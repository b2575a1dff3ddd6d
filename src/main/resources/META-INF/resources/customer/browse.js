// Finding food: restaurants near the delivery point, a restaurant's menu, and the cart.
import { el } from '/assets/dabba.js';

export function renderFind(view) {
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Find food near you')));
}

export function renderMenu(view, ctx, id) {
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Menu')));
}

export function renderCart(view) {
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Your cart')));
}
