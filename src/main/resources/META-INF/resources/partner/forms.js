// What the partner's forms share: labelled fields with a place for their problem, one way to submit, and a
// picture picker (file picker or drag and drop) that previews the picture and hands it over as a data: URI.
import { el, whileBusy } from '/assets/dabba.js';

let ids = 0;

/**
 * A labelled input, select or textarea named as the API names the field (address.city), with the slot its
 * problem is shown in. {@code options}: [[value, text], ...] for a select; {@code list}: suggestions.
 */
export function field({ name, label, type = 'text', value = '', required = false, hint, options, multiline,
    list, ...attributes }) {
    const id = `f${++ids}-${name.replace(/\W/g, '-')}`;
    const hintId = hint ? `${id}-hint` : null;
    let input;
    if (options) {
        input = el('select', { id, name, required, 'aria-describedby': hintId },
            options.map(([v, text]) => el('option', { value: v, selected: String(v) === String(value) }, text)));
    } else if (multiline) {
        input = el('textarea', { id, name, required, rows: '3', 'aria-describedby': hintId, ...attributes });
        input.value = value ?? '';
    } else {
        input = el('input', { id, name, type, required, 'aria-describedby': hintId, list: list ? `${id}-list` : null,
            ...attributes });
        if (type === 'checkbox') {
            input.checked = Boolean(value);
        } else {
            input.value = value ?? '';
        }
    }
    const labelNode = el('label', { for: id }, label);
    if (type === 'checkbox') {
        return el('div', { class: 'check' }, input, labelNode, el('p', { class: 'field-error', 'data-error-for': name }));
    }
    return el('div', { class: 'field' }, labelNode, input,
        list ? el('datalist', { id: `${id}-list` }, list.map(v => el('option', { value: v }))) : null,
        hint ? el('p', { class: 'muted hint', id: hintId }, hint) : null,
        el('p', { class: 'field-error', 'data-error-for': name }));
}

/** The form's value for {@code name}, trimmed; '' when the field is absent. */
export function value(form, name) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    return input ? input.value.trim() : '';
}

/**
 * Runs {@code work} for a submitted form: its buttons wait, and a problem is shown next to the field it names
 * (or under {@code fallbackField}, or at the form's foot).
 */
export function submitting(event, form, work, fallbackField) {
    event.preventDefault();
    return whileBusy(form, work, fallbackField);
}

/** A problem the page itself finds, shown like the API's: next to its field. */
export function localProblem(field, message) {
    return { title: 'Invalid request', detail: message, fields: { [field]: message } };
}

const PICTURE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/**
 * A picture field: a file picker and a drop zone around it, a preview of what was chosen (or of {@code current}),
 * and {@code picked()}: the chosen picture as a data: URI, or null when none was chosen. {@code maxBytes}: what
 * the API takes; a bigger or other file is refused here with the same words.
 */
export function picturePicker({ name, label, current, maxBytes, previewAlt }) {
    const id = `f${++ids}-${name}`;
    let chosen = null;
    const preview = el('img', { class: 'preview', alt: previewAlt, hidden: !current, src: current || null });
    const input = el('input', { id, name, type: 'file', accept: PICTURE_TYPES.join(','),
        'aria-describedby': `${id}-hint` });
    const error = el('p', { class: 'field-error', 'data-error-for': name });
    const zone = el('div', { class: 'drop-zone', 'data-drop-zone': name },
        el('label', { for: id }, label),
        input,
        el('p', { class: 'muted hint', id: `${id}-hint` },
            `PNG, JPEG or WebP up to ${Math.round(maxBytes / 1024 / 1024)} MB. Choose a file or drop one here.`),
        preview, error);

    async function take(file) {
        error.textContent = '';
        input.removeAttribute('aria-invalid');
        if (!file) {
            return;
        }
        if (!PICTURE_TYPES.includes(file.type) || file.size > maxBytes) {
            chosen = null;
            error.textContent = !PICTURE_TYPES.includes(file.type) ? 'Choose a PNG, JPEG or WebP picture.'
                : `The picture is too big: at most ${Math.round(maxBytes / 1024 / 1024)} MB.`;
            input.setAttribute('aria-invalid', 'true');
            return;
        }
        chosen = await new Promise((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => resolve(reader.result);
            reader.onerror = () => reject(reader.error);
            reader.readAsDataURL(file);
        });
        preview.src = chosen;
        preview.hidden = false;
        zone.dataset.chosen = file.name;
    }

    input.addEventListener('change', () => take(input.files[0]));
    zone.addEventListener('dragover', event => {
        event.preventDefault();
        zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', event => {
        event.preventDefault();
        zone.classList.remove('dragging');
        take(event.dataTransfer.files[0]);
    });

    return {
        node: zone,
        picked: () => chosen,
        reset(url) {
            chosen = null;
            input.value = '';
            delete zone.dataset.chosen;
            preview.hidden = !url;
            if (url) {
                preview.src = url;
            } else {
                preview.removeAttribute('src');
            }
        }
    };
}
