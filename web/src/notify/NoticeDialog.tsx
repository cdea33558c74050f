import { Alert, Code, Modal, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../ui/format.ts';
import { noticeStatus } from './labels.ts';
import type { Notice } from './notify-api.ts';

/**
 * The whole email as it was (or will be) sent: what an administrator passes on by hand from the
 * outbox, and what a person reads of their own account notices.
 */
export function NoticeDialog({ notice, onClose }: { notice: Notice | null; onClose: () => void }) {
  return (
    <Modal
      opened={notice !== null}
      onClose={onClose}
      title={notice?.subject ?? ''}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {notice && (
        <Stack gap="xs">
          <Text size="sm">
            To: <strong>{notice.recipient}</strong> · {noticeStatus(notice).label} · {formatDateTime(notice.createdAt)}
          </Text>
          {notice.error && (
            <Alert color="red" title={`Delivery attempt ${notice.attempts} failed`}>
              {notice.error}
            </Alert>
          )}
          {/* A region of its own that takes focus, so a keyboard can scroll a long email. */}
          <Code block role="region" aria-label="Email text" tabIndex={0}>
            {notice.text}
          </Code>
        </Stack>
      )}
    </Modal>
  );
}
