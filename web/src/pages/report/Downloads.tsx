/** The report as XLSX, CSV or HTML. */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useState } from 'react';
import { downloadFile } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { useI18n } from '../../i18n/i18n';

export function Downloads({ year, unit }: { year: number; unit?: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const download = async (format: 'csv' | 'xlsx' | 'html') => {
    setError(null);
    try {
      const q = new URLSearchParams({ format, ...(unit ? { unit } : {}) });
      await downloadFile(`/api/v1/reports/annual/${year}?${q}`, `${year}-annual-report${unit ? `-${unit}` : ''}.${format}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <Space wrap>
        {(['xlsx', 'csv', 'html'] as const).map((f) => (
          <Button key={f} icon={<DownloadOutlined aria-hidden />} onClick={() => void download(f)}>
            {t('report.download')} {f.toUpperCase()}
          </Button>
        ))}
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
    </div>
  );
}
