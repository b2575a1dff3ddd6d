// The restaurant's day in figures: orders, revenue, preparation time and what customers said.
import { api, el, money, orderRef } from '/assets/dabba.js';

function today() {
    return new Date().toISOString().slice(0, 10);
}

/** Draws the Numbers panel for {@code restaurant} into {@code root} and reads today's figures. */
export function openNumbers(root, restaurant) {
    const day = el('input', { id: 'numbers-date', name: 'date', type: 'date', value: today(), max: today() });
    const form = el('form', { class: 'inline-form', novalidate: true },
        el('div', {}, el('label', { for: 'numbers-date' }, 'Day (UTC)'), day,
            el('p', { class: 'field-error', 'data-error-for': 'date' })),
        el('button', { type: 'submit', class: 'secondary' }, 'Show'));
    const figures = el('div', { id: 'numbers', 'aria-live': 'polite' });
    root.replaceChildren(el('div', { class: 'panel' }, el('h3', {}, 'Numbers'), form, figures));

    async function load() {
        figures.setAttribute('aria-busy', 'true');
        try {
            const n = await api('GET', `/restaurants/${restaurant.id}/numbers?date=${encodeURIComponent(
                day.value || today())}`);
            figures.replaceChildren(render(n));
        } catch (problem) {
            figures.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, problem.detail));
        } finally {
            figures.removeAttribute('aria-busy');
        }
    }

    form.addEventListener('submit', event => {
        event.preventDefault();
        load();
    });
    load();
    return { refresh: load };
}

function figure(id, label, value, note) {
    return el('div', { class: 'figure' },
        el('dt', {}, label),
        el('dd', { id }, value),
        note ? el('dd', { class: 'muted' }, note) : null);
}

function render(n) {
    const reviews = n.recentReviews || [];
    return el('div', {},
        el('dl', { class: 'figures' },
            figure('numbers-orders', 'Orders', String(n.orders),
                n.cancelledOrders ? `${n.cancelledOrders} rejected or cancelled` : null),
            figure('numbers-revenue', 'Revenue', money(n.revenue, n.currency)),
            figure('numbers-prep', 'Average prep time',
                n.avgPrepMinutes === null ? '—' : `${n.avgPrepMinutes} min`,
                n.avgPrepMinutes === null ? 'No order accepted and ready that day' : 'accepted to ready'),
            figure('numbers-rating', 'Rating', n.ratingCount ? `${Number(n.ratingAverage).toFixed(1)} ★` : '—',
                n.ratingCount ? `${n.ratingCount} ratings` : 'No ratings yet')),
        el('h4', {}, 'Latest reviews'),
        reviews.length
            ? el('ul', { class: 'reviews' }, reviews.map(r => el('li', {},
                el('span', { 'aria-label': `${r.stars} of 5 stars` }, '★'.repeat(r.stars) + '☆'.repeat(5 - r.stars)),
                ' ', el('span', { class: 'muted' }, `#${orderRef(r.orderId)}, ${new Date(r.createdAt)
                    .toLocaleDateString()}`),
                r.comment ? el('p', {}, r.comment) : null)))
            : el('p', { class: 'muted' }, 'No reviews yet.'));
}
