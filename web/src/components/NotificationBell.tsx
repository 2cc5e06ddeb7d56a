import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { useNotificationStream, useUnreadCount } from '../lib/notifications';

/**
 * The header's bell: the unread count, live; a click opens the notifications page.
 * Its accessible name comes from its content (the hidden label), not from aria-label: the badge's
 * digits roll while the count changes and show "99+" past 99, and a visible text that is not part of
 * an aria-label is a name mismatch (WCAG 2.5.3). The badge is hidden from assistive technology.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const count = useUnreadCount() ?? 0;
  const stream = useNotificationStream();
  const label = count > 0 ? t('notifications.bellUnread', { n: count }) : t('notifications.bell');
  return (
    <Button
      type="text"
      className="gk-header-button gk-bell"
      title={stream === 'retrying' ? t('notifications.reconnecting') : label}
      data-testid="notification-bell"
      data-stream={stream}
      data-count={count}
      onClick={() => navigate('/notifications')}
    >
      <span aria-hidden="true">
        <Badge count={count} size="small" overflowCount={99} offset={[4, -2]}>
          <BellOutlined className="gk-bell-icon" />
        </Badge>
      </span>
      <span className="gk-visually-hidden">
        {label}
      </span>
    </Button>
  );
}
