import { DownOutlined, GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useAbility, useSession } from '../auth/session';
import { useI18n, type Lang } from '../i18n/i18n';

export function LanguageMenu() {
  const { lang, setLang, t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: [
          { key: 'zh', label: <span lang="zh-CN">{t('lang.zh')}</span> },
          { key: 'en', label: <span lang="en">{t('lang.en')}</span> },
        ],
        onClick: ({ key }) => setLang(key as Lang),
      }}
    >
      <Button type="text" className="gk-header-button" aria-label={`${t('lang.menu')}: ${lang === 'zh' ? t('lang.zh') : t('lang.en')}`} data-testid="language-menu">
        <GlobalOutlined aria-hidden /> {lang === 'zh' ? t('lang.zh') : t('lang.en')} <DownOutlined aria-hidden />
      </Button>
    </Dropdown>
  );
}

function UserMenu() {
  const { user, logout } = useSession();
  const { t, tv } = useI18n();
  const navigate = useNavigate();
  if (!user) {
    return (
      <Link className="gk-header-link" to="/login">
        {t('nav.login')}
      </Link>
    );
  }
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'roles', label: user.roles.map((r) => tv('role', r)).join('、'), disabled: true },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') {
            navigate('/login', { replace: true });
            logout();
          }
        },
      }}
    >
      <Button type="text" className="gk-header-button" data-testid="user-menu">
        <UserOutlined aria-hidden /> {user.displayName} <DownOutlined aria-hidden />
      </Button>
    </Dropdown>
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession();
  const ability = useAbility();
  const location = useLocation();
  const links: { to: string; label: string; show: boolean }[] = [
    { to: '/tasks', label: t('nav.tasks'), show: !!user && ability.can('read', 'Document') },
    { to: '/documents', label: t('nav.documents'), show: !!user && ability.can('read', 'Document') },
    { to: '/documents/new', label: t('nav.new'), show: !!user && ability.can('create', 'Document') },
    { to: '/applications', label: t('nav.applications'), show: !!user && ability.can('manage', 'Application') },
    { to: '/reports/annual', label: t('nav.reports'), show: !!user && ability.can('read', 'Report') },
    { to: '/catalogue', label: t('nav.catalogue'), show: true },
    { to: '/apply', label: t('nav.apply'), show: !user },
    { to: '/track', label: t('nav.track'), show: !user },
    { to: '/admin/units', label: t('nav.units'), show: !!user && ability.can('manage', 'Unit') },
    { to: '/admin/users', label: t('nav.users'), show: !!user && ability.can('manage', 'User') },
  ];
  return (
    <div className="gk-app">
      <a className="gk-skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="gk-header">
        <Link to={user ? '/' : '/catalogue'} className="gk-brand">
          <span className="gk-brand-mark" aria-hidden>
            公
          </span>
          <span className="gk-brand-text">
            <span className="gk-brand-name">{t('app.name')}</span>
            <span className="gk-brand-sub">{t('app.title')}</span>
          </span>
        </Link>
        <nav aria-label={t('nav.main')} className="gk-nav">
          <ul>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li key={l.to}>
                  <NavLink
                    to={l.to}
                    end={l.to === '/documents'}
                    className={({ isActive }) => (isActive || (l.to === '/documents' && /^\/documents\/(?!new)/.test(location.pathname)) ? 'active' : undefined)}
                  >
                    {l.label}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <div className="gk-header-tools">
          <LanguageMenu />
          <UserMenu />
        </div>
      </header>
      <main id="main" className="gk-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="gk-footer">
        <span>{t('app.title')}</span>
        <span aria-hidden> · </span>
        <a href="/api/docs">API</a>
      </footer>
    </div>
  );
}
