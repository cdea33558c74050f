import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { CheckIcon, CopyIcon } from './icons.tsx';

/** A secret or link shown once, with a button that copies it. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code
        block
        data-testid={testId}
        style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
        aria-label={label}
      >
        {value}
      </Code>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`} withArrow>
            <ActionIcon
              variant="light"
              color={copied ? 'teal' : 'blue'}
              onClick={copy}
              aria-label={`Copy ${label.toLowerCase()}`}
              size="lg"
            >
              {copied ? <CheckIcon /> : <CopyIcon />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
