// Checkout: the summary, a promo code and payment.
import { el } from '/assets/dabba.js';

export function renderCheckout(view) {
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Checkout')));
}
