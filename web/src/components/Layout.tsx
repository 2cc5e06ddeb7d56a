import { DownOutlined, GlobalOutlined, LogoutOutlined, MenuOutlined, SafetyOutlined, UserOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useAbility, useSession } from '../auth/session';
import { useI18n, type Lang } from '../i18n/i18n';
import { useCompactHeader } from '../lib/responsive';
import { NotificationBell } from './NotificationBell';

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
  const ability = useAbility();
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
          ...(ability.can('create', 'Delegation') ? [{ key: 'delegations', icon: <UserSwitchOutlined />, label: t('nav.delegations') }] : []),
          { key: 'security', icon: <SafetyOutlined />, label: t('nav.security') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
        ],
        onClick: ({ key }) => {
          if (key === 'delegations') navigate('/delegations');
          if (key === 'security') navigate('/account/security');
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

interface NavItem {
  to: string;
  label: string;
}

/** A link is also current on the pages below it: a document (not the new one), a document's consultation. */
function alsoActive(to: string, path: string): boolean {
  const consultation = /^\/documents\/[^/]+\/consultations\//.test(path);
  if (to === '/documents') return /^\/documents\/(?!new)/.test(path) && !consultation;
  if (to === '/consultations') return consultation;
  return false;
}

/** The header's links, as a row (desktop) or as the drawer's list (phones). */
function NavLinks({ links, onFollow }: { links: NavItem[]; onFollow?: () => void }) {
  const location = useLocation();
  return (
    <ul>
      {links.map((l) => (
        <li key={l.to}>
          <NavLink
            to={l.to}
            end={l.to === '/documents'}
            onClick={onFollow}
            className={({ isActive }) => (isActive || alsoActive(l.to, location.pathname) ? 'active' : undefined)}
          >
            {l.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/** On a phone: the links, who is logged in and logging out, in a drawer opened from the header. */
function NavDrawer({ links, open, onClose }: { links: NavItem[]; open: boolean; onClose(): void }) {
  const { t, tv } = useI18n();
  const { user, logout } = useSession();
  const ability = useAbility();
  const navigate = useNavigate();
  return (
    <Drawer id="gk-nav-drawer" open={open} onClose={onClose} placement="right" size={300} title={t('nav.main')} className="gk-nav-drawer" destroyOnHidden>
      {user ? (
        <div className="gk-nav-drawer-user">
          <div className="gk-nav-drawer-name">
            <UserOutlined aria-hidden /> {user.displayName}
          </div>
          <div className="gk-muted">{user.roles.map((r) => tv('role', r)).join('、')}</div>
          {ability.can('create', 'Delegation') ? (
            <Link to="/delegations" onClick={onClose} className="gk-nav-drawer-delegations" data-testid="drawer-delegations">
              <UserSwitchOutlined aria-hidden /> {t('nav.delegations')}
            </Link>
          ) : null}
          <Link to="/account/security" onClick={onClose} className="gk-nav-drawer-delegations" data-testid="drawer-security">
            <SafetyOutlined aria-hidden /> {t('nav.security')}
          </Link>
        </div>
      ) : null}
      <nav aria-label={t('nav.main')} className="gk-nav-vertical">
        <NavLinks links={user ? links : [...links, { to: '/login', label: t('nav.login') }]} onFollow={onClose} />
      </nav>
      {user ? (
        <Button
          block
          icon={<LogoutOutlined aria-hidden />}
          className="gk-nav-drawer-logout"
          data-testid="drawer-logout"
          onClick={() => {
            onClose();
            navigate('/login', { replace: true });
            logout();
          }}
        >
          {t('nav.logout')}
        </Button>
      ) : null}
    </Drawer>
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession();
  const ability = useAbility();
  const location = useLocation();
  const compact = useCompactHeader();
  const [menuOpen, setMenuOpen] = useState(false);
  // A link followed (or the back button): the drawer closes; so it does when the screen widens.
  useEffect(() => setMenuOpen(false), [location.pathname, compact]);
  const links: { to: string; label: string; show: boolean }[] = [
    { to: '/tasks', label: t('nav.tasks'), show: !!user && ability.can('read', 'Document') },
    { to: '/documents', label: t('nav.documents'), show: !!user && ability.can('read', 'Document') },
    { to: '/documents/new', label: t('nav.new'), show: !!user && ability.can('create', 'Document') },
    { to: '/applications', label: t('nav.applications'), show: !!user && ability.can('manage', 'Application') },
    // A unit's liaison works from the consultations; the office finds them on its documents and the supervision board.
    { to: '/consultations', label: t('nav.consultations'), show: !!user && ability.can('answer', 'Consultation') },
    // … and from the referrals of applications to its unit (转办); the office reaches them from its applications.
    { to: '/referrals', label: t('nav.referrals'), show: !!user && ability.can('answer', 'Referral') },
    { to: '/supervision', label: t('nav.supervision'), show: !!user && ability.can('read', 'Supervision') },
    { to: '/complaints', label: t('nav.complaints'), show: !!user && ability.can('read', 'Complaint') },
    { to: '/channels', label: t('nav.channels'), show: !!user && ability.can('read', 'Channel') },
    { to: '/reports/annual', label: t('nav.reports'), show: !!user && ability.can('read', 'Report') },
    { to: '/performance', label: t('nav.performance'), show: !!user && ability.can('read', 'Performance') },
    { to: '/catalogue', label: t('nav.catalogue'), show: true },
    // The public guides; a unit's liaison (and the administrator) keeps its unit's from there.
    { to: '/units', label: t('nav.guides'), show: !user || ability.can('update', 'UnitProfile') },
    { to: '/apply', label: t('nav.apply'), show: !user },
    { to: '/track', label: t('nav.track'), show: !user },
    { to: '/complain', label: t('nav.complain'), show: !user },
    { to: '/admin/units', label: t('nav.units'), show: !!user && ability.can('manage', 'Unit') },
    { to: '/admin/users', label: t('nav.users'), show: !!user && ability.can('manage', 'User') },
    { to: '/admin/step-deadlines', label: t('nav.stepDeadlines'), show: !!user && ability.can('manage', 'Settings') },
    { to: '/admin/calendar', label: t('nav.calendar'), show: !!user && ability.can('manage', 'Calendar') },
  ];
  const shown = links.filter((l) => l.show);
  return (
    <div className={compact ? 'gk-app gk-app-compact' : 'gk-app'}>
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
        {compact ? null : (
          <nav aria-label={t('nav.main')} className="gk-nav">
            <NavLinks links={shown} />
          </nav>
        )}
        <div className="gk-header-tools">
          {user ? <NotificationBell /> : null}
          <LanguageMenu />
          {compact ? (
            <Button
              type="text"
              className="gk-header-button gk-menu-button"
              icon={<MenuOutlined aria-hidden />}
              aria-expanded={menuOpen}
              aria-controls="gk-nav-drawer"
              data-testid="nav-menu"
              onClick={() => setMenuOpen(true)}
            >
              {t('nav.menu')}
            </Button>
          ) : (
            <UserMenu />
          )}
        </div>
      </header>
      {compact ? <NavDrawer links={shown} open={menuOpen} onClose={() => setMenuOpen(false)} /> : null}
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
