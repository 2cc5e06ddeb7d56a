/**
 * The page a refused single sign-on ends on (the browser came from the provider, so an answer in
 * JSON would help nobody): the reason in Chinese and English, what to do, and a link back to the
 * login page. Plain HTML, no script and no inline style (the service's CSP allows neither script
 * nor needs the style).
 */
import type { RefusalReason } from './sign-in-refusal.js';

const TEXT: Record<RefusalReason, { zh: string; en: string }> = {
  not_configured: { zh: '本系统未配置统一身份认证。', en: 'Single sign-on is not configured for this service.' },
  state_missing: {
    zh: '无法确认本次登录是从此浏览器发起的（或已超过十分钟）。请重新登录。',
    en: 'This sign-in could not be matched to this browser (or it took more than ten minutes). Please sign in again.',
  },
  state_mismatch: { zh: '登录应答与本浏览器发起的登录不一致，已拒绝。请重新登录。', en: 'The answer does not belong to the sign-in this browser started. Please sign in again.' },
  provider_error: { zh: '统一身份认证平台未完成登录。', en: 'The sign-in provider did not sign you in.' },
  code_rejected: { zh: '统一身份认证平台拒绝了本次登录凭证（已使用或已过期）。请重新登录。', en: 'The provider refused the sign-in code (already used or expired). Please sign in again.' },
  id_token_invalid: { zh: '无法验证统一身份认证平台的应答，已拒绝登录。', en: 'The provider’s answer could not be verified; you are not signed in.' },
  claim_missing: { zh: '统一身份认证平台未提供您的用户名。请联系系统管理员。', en: 'The provider did not say who you are. Please contact the administrator.' },
  unknown_user: {
    zh: '您已通过统一身份认证，但本系统中没有您的账号。请联系系统管理员开通。',
    en: 'You signed in with the provider, but there is no account for you in this service. Ask the administrator to create one.',
  },
  inactive_user: { zh: '您在本系统中的账号已停用。请联系系统管理员。', en: 'Your account in this service is deactivated. Please contact the administrator.' },
  provider_unavailable: { zh: '统一身份认证平台暂时无法访问，请稍后再试。', en: 'The sign-in provider does not answer; please try again in a moment.' },
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function refusalPage(reason: RefusalReason, status: number): string {
  const t = TEXT[reason];
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>登录未完成 · Sign-in refused</title></head>
<body>
<main id="main" data-reason="${esc(reason)}" data-status="${status}">
<h1>登录未完成</h1>
<p>${esc(t.zh)}</p>
<p lang="en">${esc(t.en)}</p>
<p><a href="/login">返回登录页 · Back to the login page</a></p>
<p><small>${esc(reason)} · HTTP ${status}</small></p>
</main>
</body>
</html>
`;
}
