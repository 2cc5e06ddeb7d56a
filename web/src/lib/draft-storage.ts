/**
 * Keeps a half-filled form or comment in sessionStorage, so an error, an expired session, a
 * silent refresh or a reload loses nothing. Cleared once the server has accepted the form.
 *
 * Drafts belong to the signed-in user (`setDraftOwner`, set by the session before any page
 * renders): whoever signs in next in this tab does not see them, and the same user signing in
 * again (after the session ended) finds them where they left them. sessionStorage rather than
 * localStorage: drafts of unpublished documents do not outlive the tab on a shared computer.
 */
const PREFIX = 'gk.draft.';
let owner = 'public';

/** The user whose drafts are read and written from now on (`null`: nobody signed in). */
export function setDraftOwner(userId: string | null): void {
  owner = userId ?? 'public';
}

const storageKey = (key: string) => `${PREFIX}${owner}.${key}`;

export function loadDraft<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(storageKey(key));
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(storageKey(key), JSON.stringify(value));
  } catch {
    /* quota or disabled storage: the form state in memory still holds it */
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(storageKey(key));
  } catch {
    /* ignore */
  }
}
