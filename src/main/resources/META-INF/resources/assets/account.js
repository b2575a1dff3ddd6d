// Signing in and creating an account, the same on every page: one panel with both forms, for one role.
import { Problem, el, login, logout, publicApi, whileBusy } from '/assets/dabba.js';

let ids = 0;

function field(form, { name, label, type = 'text', autocomplete, required = true, hint, options }) {
    const id = `${form}-${name}`.replace(/\W/g, '-');
    const input = options
        ? el('select', { id, name, required }, options.map(([value, text]) => el('option', { value }, text)))
        : el('input', { id, name, type, autocomplete, required, 'aria-describedby': hint ? `${id}-hint` : null });
    return [
        el('label', { for: id }, label),
        input,
        hint ? el('p', { class: 'muted hint', id: `${id}-hint` }, hint) : null,
        el('p', { class: 'field-error', 'data-error-for': name })
    ];
}

/**
 * Fills {@code root} with a sign-in form and, behind a "Create an account" button, a sign-up form for {@code role}.
 * {@code onSignedIn(user)} is called once the person is signed in with that role; someone with another role is
 * signed out again and told this page is not theirs. {@code extraFields} (field descriptions) and
 * {@code extraBody(form)} add what the role's sign-up needs beyond name, email, password and phone.
 * {@code signUp: false} leaves out the sign-up (for roles nobody may sign up for, such as admins).
 */
export function accountPanel(root, { role, title, who, onSignedIn, extraFields = [], extraBody = () => ({}),
    signUp: offerSignUp = true }) {
    const key = `account-${++ids}`;
    const signInForm = el('form', { id: `${key}-sign-in`, novalidate: true },
        field(`${key}-in`, { name: 'email', label: 'Email', type: 'email', autocomplete: 'username' }),
        field(`${key}-in`, { name: 'password', label: 'Password', type: 'password',
            autocomplete: 'current-password' }),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
        el('div', { class: 'actions' },
            el('button', { type: 'submit' }, 'Sign in'),
            offerSignUp ? el('button', { type: 'button', class: 'secondary', onclick: () => toggle(true) },
                'Create an account') : null));

    const signUpForm = el('form', { id: `${key}-sign-up`, novalidate: true, hidden: true },
        el('h3', {}, 'Create an account'),
        field(`${key}-up`, { name: 'name', label: 'Your name', autocomplete: 'name' }),
        field(`${key}-up`, { name: 'email', label: 'Email', type: 'email', autocomplete: 'email' }),
        field(`${key}-up`, { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password',
            hint: '8 to 72 characters' }),
        field(`${key}-up`, { name: 'phone', label: 'Phone (optional)', type: 'tel', autocomplete: 'tel',
            required: false, hint: 'With the country code, e.g. +919876543210' }),
        extraFields.flatMap(f => field(`${key}-up`, f)),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
        el('div', { class: 'actions' },
            el('button', { type: 'submit' }, 'Create account'),
            el('button', { type: 'button', class: 'secondary', onclick: () => toggle(false) }, 'I have an account')));

    function toggle(signingUp) {
        signInForm.hidden = signingUp;
        signUpForm.hidden = !signingUp;
        (signingUp ? signUpForm : signInForm).querySelector('input').focus();
    }

    async function enter(form, email, password) {
        const user = await login(email, password);
        if (!user.roles.includes(role)) {
            await logout();
            throw new Problem({ title: 'Wrong page', detail: `This page is for ${who}.`, fields: { email:
                `This page is for ${who}.` } });
        }
        form.reset();
        onSignedIn(user);
    }

    function submitting(event, work, fallbackField) {
        event.preventDefault();
        const form = event.currentTarget;
        return whileBusy(form, () => work(form), fallbackField);
    }

    // A wrong email or password is one answer (401) naming no field: it belongs by the password.
    signInForm.addEventListener('submit', event => submitting(event,
        form => enter(form, form.email.value.trim(), form.password.value), 'password'));

    signUpForm.addEventListener('submit', event => submitting(event, async form => {
        const body = Object.assign({
            name: form.name.value.trim(), email: form.email.value.trim(), password: form.password.value,
            phone: form.phone.value.trim() || null, role
        }, extraBody(form));
        await signUp(body);
        await enter(form, body.email, body.password);
    }));

    root.replaceChildren(...[el('h2', {}, title), signInForm, offerSignUp ? signUpForm : null].filter(Boolean));
    return { focus: () => signInForm.querySelector('input').focus() };
}

/** A taken email is a conflict naming no field: it belongs by the email. */
async function signUp(body) {
    try {
        return await publicApi('POST', '/auth/signup', body);
    } catch (problem) {
        if (problem.status === 409) {
            problem.fields = Object.assign({ email: problem.detail }, problem.fields);
        }
        throw problem;
    }
}
