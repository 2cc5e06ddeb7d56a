import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { useNotificationStream, useUnreadCount } from '../lib/notifications';

/** The header's bell: the unread count, live; a click opens the notifications page. */
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
      aria-label={label}
      title={stream === 'retrying' ? t('notifications.reconnecting') : label}
      data-testid="notification-bell"
      data-stream={stream}
      onClick={() => navigate('/notifications')}
    >
      <Badge count={count} size="small" overflowCount={99} offset={[4, -2]}>
        <BellOutlined aria-hidden className="gk-bell-icon" />
      </Badge>
      <span className="gk-visually-hidden" data-testid="notification-count">
        {count}
      </span>
    </Button>
  );
}
